using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretInjector.Manifests;

/// <summary>
/// Reads a multi-document YAML stream into JSON the way <c>kubectl</c> does (YAML 1.1 scalars: <c>yes</c> and
/// <c>on</c> are booleans, <c>0755</c> is octal), refusing duplicate keys with the line where they occur.
/// </summary>
public static partial class YamlReader
{
    /// <summary>Most nodes that aliases may expand to, so a small file cannot expand into gigabytes.</summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>
    /// Deepest nesting of collections read. Kubernetes objects stay far inside it; a deeper document is refused
    /// rather than read by recursion that a hostile file could drive into a stack overflow.
    /// </summary>
    public const int MaxDepth = 64;

    /// <param name="text">The YAML stream.</param>
    /// <param name="maxNodes">Most nodes, aliases expanded, that one document may hold.</param>
    public static IReadOnlyList<YamlDocumentSpan> ReadAll(string text, int maxNodes = MaxNodes)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        var documents = new List<YamlDocumentSpan>();
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                var state = new ReadState(maxNodes);
                var start = parser.Current!.Start;
                var empty = parser.Current is DocumentEnd or Scalar { Value: "", Style: ScalarStyle.Plain };
                var root = parser.Current is DocumentEnd ? null : ReadNode(parser, state);
                var end = state.LastEnd;
                parser.Consume<DocumentEnd>();
                if (!empty)
                    documents.Add(new YamlDocumentSpan(documents.Count + 1, root, (int)start.Index, (int)end, (int)start.Line));
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlException e)
        {
            throw new ManifestException($"document {documents.Count + 1}, line {e.Start.Line}, column {e.Start.Column}: {Inner(e).Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner reports some malformed input (an unclosed flow collection) this way.
            throw new ManifestException($"document {documents.Count + 1}, after line {parser.Current?.End.Line}: the YAML is malformed (an unclosed bracket or quote?)", e);
        }

        return documents;
    }

    private static Exception Inner(YamlException e) => e.InnerException is { } inner ? inner : e;

    /// <summary>
    /// Walks the events of <paramref name="text"/> without building anything and throws a <see cref="YamlException"/>
    /// at the first collection nested deeper than <see cref="MaxDepth"/>: for readers that build trees by recursion.
    /// </summary>
    public static void EnsureDepth(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case SequenceStart or MappingStart when ++depth > MaxDepth:
                    throw new YamlException(parser.Current.Start, parser.Current.End, $"collections are nested more than {MaxDepth} deep");
                case SequenceEnd or MappingEnd:
                    depth--;
                    break;
            }
        }
    }

    private sealed class ReadState(int maxNodes)
    {
        public Dictionary<string, JsonNode?> Anchors { get; } = new(StringComparer.Ordinal);

        public int MaxNodes { get; } = maxNodes;

        public int Nodes { get; set; }

        public int Depth { get; set; }

        public long LastEnd { get; set; }
    }

    private static JsonNode? ReadNode(IParser parser, ReadState state)
    {
        if (++state.Nodes > state.MaxNodes)
            throw new YamlException(parser.Current!.Start, parser.Current.End, $"the document expands to more than {state.MaxNodes} nodes");
        var current = parser.Current!;
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                state.LastEnd = alias.End.Index;
                if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
                    throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value} refers to no anchor");
                state.Nodes += Count(target);
                return target?.DeepClone();
            case Scalar scalar:
                parser.MoveNext();
                state.LastEnd = scalar.End.Index;
                return Remember(scalar.Anchor, ResolveScalar(scalar), state);
            case SequenceStart or MappingStart when state.Depth >= MaxDepth:
                throw new YamlException(current.Start, current.End, $"collections are nested more than {MaxDepth} deep");
            case SequenceStart sequence:
                state.Depth++;
                var array = ReadSequence(parser, state);
                state.Depth--;
                return Remember(sequence.Anchor, array, state);
            case MappingStart mapping:
                state.Depth++;
                var obj = ReadMapping(parser, state);
                state.Depth--;
                return Remember(mapping.Anchor, obj, state);
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static JsonNode? Remember(AnchorName anchor, JsonNode? node, ReadState state)
    {
        if (!anchor.IsEmpty)
            state.Anchors[anchor.Value] = node?.DeepClone();
        return node;
    }

    private static JsonArray ReadSequence(IParser parser, ReadState state)
    {
        var array = new JsonArray();
        var flow = parser.Current is SequenceStart { Style: SequenceStyle.Flow };
        parser.Consume<SequenceStart>();
        while (parser.Current is not SequenceEnd)
            array.Add(ReadNode(parser, state));
        var end = parser.Consume<SequenceEnd>();

        // A block collection's end mark lies at the next token, possibly in the next document; a flow one's is at its bracket.
        if (flow)
            state.LastEnd = end.End.Index + 1;
        return array;
    }

    private static JsonObject ReadMapping(IParser parser, ReadState state)
    {
        var flow = parser.Current is MappingStart { Style: MappingStyle.Flow };
        parser.Consume<MappingStart>();
        var obj = new JsonObject();
        var merges = new List<JsonNode?>();
        while (parser.Current is not MappingEnd)
        {
            var keyEvent = parser.Current!;
            if (keyEvent is not Scalar keyScalar)
                throw new YamlException(keyEvent.Start, keyEvent.End, "mapping keys must be scalars (Kubernetes objects have string keys)");
            // Keys keep their literal text: a key written `on` is the string "on", not a boolean.
            ReadNode(parser, state);
            var keyText = keyScalar.Value;
            if (keyText == "<<" && keyScalar.Style == ScalarStyle.Plain)
            {
                merges.Add(ReadNode(parser, state));
                continue;
            }

            if (obj.ContainsKey(keyText))
                throw new YamlException(keyScalar.Start, keyScalar.End, $"duplicate key '{keyText}' (YAML forbids it and Kubernetes would keep only one of the values)");
            obj[keyText] = ReadNode(parser, state);
        }

        var end = parser.Consume<MappingEnd>();
        if (flow)
            state.LastEnd = end.End.Index + 1;
        ApplyMerges(obj, merges);
        return obj;
    }

    /// <summary>YAML merge keys: merged members fill in what the mapping does not set itself.</summary>
    private static void ApplyMerges(JsonObject target, List<JsonNode?> merges)
    {
        foreach (var merge in merges)
        {
            var sources = merge is JsonArray list ? list.ToList() : [merge];
            foreach (var source in sources)
            {
                if (source is not JsonObject map)
                    throw new YamlException("a merge key '<<' must refer to a mapping or a list of mappings");
                foreach (var (key, value) in map)
                {
                    if (!target.ContainsKey(key))
                        target[key] = value?.DeepClone();
                }
            }
        }
    }

    private static int Count(JsonNode? node) => node switch
    {
        JsonObject o => 1 + o.Sum(p => Count(p.Value)),
        JsonArray a => 1 + a.Sum(Count),
        _ => 1,
    };

    private static JsonNode? ResolveScalar(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || scalar.Style != ScalarStyle.Plain && tag is null)
            return JsonValue.Create(scalar.Value);
        return ResolvePlain(scalar.Value);
    }

    /// <summary>The YAML 1.1 resolution of a plain scalar, as Kubernetes' YAML decoder does it.</summary>
    public static JsonNode? ResolvePlain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "y" or "Y" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "n" or "N" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
        }

        // As in Kubernetes' decoder, a number no 64-bit integer or double can hold stays the string it is.
        if (IntegerPattern().IsMatch(text) && ParseInteger(text) is { } integer)
            return integer;
        if (FloatPattern().IsMatch(text) && ParseFloat(text) is { } number)
            return number;
        // Digits that are no octal number (08080, 0_9): Kubernetes' decoder falls back to reading them as a decimal
        // float, so containerPort: 08080 is the port 8080 to kubectl.
        if (DecimalFallbackPattern().IsMatch(text) && ParseFloat(text) is { } fallback)
            return fallback;
        return JsonValue.Create(text);
    }

    /// <summary>True when a string written plain would read back as something other than that string.</summary>
    public static bool ResolvesToNonString(string text) =>
        ResolvePlain(text) is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String
        || SpecialFloatPattern().IsMatch(text);

    private static JsonNode? ParseInteger(string text)
    {
        var clean = text.Replace("_", "", StringComparison.Ordinal);
        var negative = clean.StartsWith('-');
        var digits = clean.TrimStart('+', '-');
        var (number, radix) = digits switch
        {
            _ when digits.StartsWith("0x", StringComparison.Ordinal) => (digits[2..], 16),
            _ when digits.StartsWith("0o", StringComparison.Ordinal) => (digits[2..], 8),
            _ when digits.StartsWith("0b", StringComparison.Ordinal) => (digits[2..], 2),
            _ when digits.Length > 1 && digits[0] == '0' => (digits[1..], 8),
            _ => (digits, 10),
        };
        number = number.TrimStart('0');
        if (digits.Length == 0 || (radix != 10 && number.Length == 0 && !digits.EndsWith('0')))
            return null;

        // 64 binary digits hold any 64-bit number; longer text is too big however it is written.
        var value = System.Numerics.BigInteger.Zero;
        if (number.Length <= 64)
        {
            foreach (var digit in number)
                value = (value * radix) + HexDigit(digit);
        }

        if (number.Length > 64 || value > ulong.MaxValue || (negative && value > -(System.Numerics.BigInteger)long.MinValue))
            return radix == 10 ? ParseFloat(text) : null;
        return JsonNode.Parse((negative && !value.IsZero ? "-" : "") + value.ToString(CultureInfo.InvariantCulture));
    }

    private static int HexDigit(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static JsonNode? ParseFloat(string text)
    {
        var value = double.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) ? JsonNode.Parse(value.ToString("R", CultureInfo.InvariantCulture)) : null;
    }

    [GeneratedRegex(@"^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*|0)\z")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*\z")]
    private static partial Regex DecimalFallbackPattern();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?\z|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+\z")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^[-+]?\.(inf|Inf|INF)\z|^\.(nan|NaN|NAN)\z")]
    private static partial Regex SpecialFloatPattern();
}

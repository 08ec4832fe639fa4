using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretInjector.Manifests;

/// <summary>
/// Writes JSON as block-style YAML that reads back to the same JSON: strings that a YAML 1.1 reader would take
/// for a number, boolean, null, timestamp or another type are quoted, multi-line strings become literal blocks.
/// </summary>
public static partial class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, newLine: "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(StringScalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                    Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(Plain("null"));
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(StringScalar(value.GetValue<string>()));
                break;
            default:
                emitter.Emit(Plain(node.ToJsonString()));
                break;
        }
    }

    private static Scalar Plain(string text) =>
        new(null, null, text, ScalarStyle.Plain, true, false);

    private static Scalar StringScalar(string text)
    {
        if (text.Contains('\n', StringComparison.Ordinal) && IsLiteralSafe(text))
            return new Scalar(null, null, text, ScalarStyle.Literal, false, true);
        if (text.Length == 0 || YamlReader.ResolvesToNonString(text) || IsYaml11NonString(text) || text.Any(IsSpecialCharacter))
            return new Scalar(null, null, text, ScalarStyle.DoubleQuoted, false, true);

        // Plain where YAML allows it; the emitter itself falls back to quotes for indicators such as ": ".
        return new Scalar(null, null, text, ScalarStyle.Plain, true, false);
    }

    /// <summary>
    /// A literal block keeps text exactly unless lines end in spaces, it holds other control characters, or its
    /// first line is empty or indented (the block's indentation would be misread); and its chomping can only say
    /// "one final newline" or "none", so text ending in more than one is quoted instead.
    /// </summary>
    private static bool IsLiteralSafe(string text) =>
        !text.Split('\n').Any(l => l.EndsWith(' ') || l.EndsWith('\t'))
        && !text.Any(c => IsSpecialCharacter(c) && c != '\n')
        && !text.StartsWith(' ')
        && !text.StartsWith('\n')
        && !text.EndsWith("\n\n", StringComparison.Ordinal);

    /// <summary>
    /// Control characters, the characters YAML 1.1 reads as line breaks (U+2028, U+2029; U+0085 is a control
    /// character), and the byte-order mark, which go-yaml drops at the start of a line: all are written escaped.
    /// </summary>
    private static bool IsSpecialCharacter(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\ufeff';

    /// <summary>
    /// True for text that a YAML 1.1 reader resolves to something other than a string when it is plain, beyond
    /// what <see cref="YamlReader"/> itself resolves: PyYAML's integers, floats and timestamps (sexagesimal
    /// <c>1:20</c>, <c>2001-12-14</c>), the value and merge keys <c>=</c> and <c>&lt;&lt;</c>, and what go-yaml v2
    /// (kubectl) parses as a number once it drops every <c>_</c> (<c>0X1F</c>, <c>1__</c>, <c>+_1</c>). Text that
    /// only looks like such a number but holds none (<c>0x_</c>) is quoted too: quotes never change a string.
    /// </summary>
    private static bool IsYaml11NonString(string text)
    {
        if (Yaml11Pattern().IsMatch(text))
            return true;
        return text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+')
            && GoNumberPattern().IsMatch(text.Replace("_", "", StringComparison.Ordinal));
    }

    [GeneratedRegex(
        @"^(?:[-+]?(?:0b[0-1_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+)" // YAML 1.1 int
        + @"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?" // sexagesimal int and float
        + @"|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?" // YAML 1.1 float
        + @"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        + @"|[0-9]{4}-[0-9]{2}-[0-9]{2}" // date
        + @"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?" // timestamp
        + @"|=|<<)\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Yaml11Pattern();

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c> syntax and go-yaml's float syntax, on text without <c>_</c>.</summary>
    [GeneratedRegex(@"^[-+]?(?:0[bBoOxX][0-9a-fA-F]+|[0-9]+)\z|^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex GoNumberPattern();
}

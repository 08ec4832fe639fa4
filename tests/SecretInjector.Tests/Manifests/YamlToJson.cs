using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretInjector.Tests.Manifests;

/// <summary>
/// Converts YAML documents to JSON nodes with the YAML 1.2 core schema: unquoted <c>2</c> stays an integer and
/// unquoted <c>true</c> a boolean, while quoted scalars are always strings, the way the API server reads them.
/// Strict schemas tell <c>2</c> from <c>"2"</c>, so the conversion must keep types.
/// </summary>
internal static partial class YamlToJson
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>The non-empty documents of a YAML stream.</summary>
    public static IReadOnlyList<JsonNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(document => Convert(document.RootNode))
            .OfType<JsonNode>()
            .ToList();
    }

    /// <summary>The node as JSON; null for a YAML null.</summary>
    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start} (aliases are not used in manifests)."),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value
                ?? throw new InvalidOperationException($"Null mapping key at {key.Start}.");
            result.Add(name, Convert(value));
        }

        return result;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;

        // Quoted and block scalars are strings unless tagged; plain ones are resolved by their text.
        var isString = scalar.Tag.IsEmpty
            ? scalar.Style != ScalarStyle.Plain
            : scalar.Tag.Value == StringTag;
        return isString ? JsonValue.Create(text) : Resolve(text);
    }

    private static JsonValue? Resolve(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL")
            return null;
        if (text is "true" or "True" or "TRUE")
            return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE")
            return JsonValue.Create(false);
        if (DecimalInteger().IsMatch(text))
            return JsonValue.Create(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2)
            return JsonValue.Create(System.Convert.ToInt64(text[2..], 8));
        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2)
            return JsonValue.Create(long.Parse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        if (Float().IsMatch(text))
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}

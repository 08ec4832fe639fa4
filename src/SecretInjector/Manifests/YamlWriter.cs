using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretInjector.Manifests;

/// <summary>
/// Writes JSON as block-style YAML that reads back to the same JSON: strings that a YAML 1.1 reader would take
/// for a number, boolean or null are quoted, multi-line strings become literal blocks.
/// </summary>
public static class YamlWriter
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
        if (text.Length == 0 || YamlReader.ResolvesToNonString(text) || text.Any(char.IsControl))
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
        && !text.Any(c => char.IsControl(c) && c != '\n')
        && !text.StartsWith(' ')
        && !text.StartsWith('\n')
        && !text.EndsWith("\n\n", StringComparison.Ordinal);
}

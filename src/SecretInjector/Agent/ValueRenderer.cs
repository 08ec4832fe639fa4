using System.Text;
using System.Text.Json;
using SecretInjector.Aws;
using SecretInjector.Contract;

namespace SecretInjector.Agent;

/// <summary>
/// Turns a secret's value into the bytes of its file (SPEC §3): <c>raw</c> as stored (binary secrets as their
/// bytes), a <c>#key</c> or dotted key of a JSON secret, <c>json</c>, or <c>env</c> (a dotenv file).
/// Failure messages name keys, never values.
/// </summary>
public static class ValueRenderer
{
    private static readonly JsonWriterOptions CompactWriter = new() { Indented = false };

    public static RenderResult Render(SecretSpec spec, SecretValueResponse value)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(value);
        if (value.SecretString is null)
            return RenderBinary(spec, value.SecretBinary);
        if (spec.JsonKey is null && spec.Format == SecretFormat.Raw)
            return RenderResult.Ok(Encoding.UTF8.GetBytes(value.SecretString));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value.SecretString);
        }
        catch (JsonException)
        {
            // The parser's message quotes the text it choked on, which is the secret: say only what is wrong.
            var message = NestedTooDeeply(value.SecretString)
                ? $"the secret's JSON is nested more than {MaxDepth} levels deep, more than this agent reads"
                : "the secret's value is not JSON";
            return RenderResult.Fail(FailureAdvice.SecretNotJson, message);
        }

        using (document)
        {
            try
            {
                return RenderJson(spec, value.SecretString, document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // JSON may escape half a UTF-16 surrogate pair ("\ud800"); the parser accepts it, but reading that
                // string or key as text throws. That is a property of this secret, not of the run: fail it alone.
                return RenderResult.Fail(FailureAdvice.SecretNotJson, "the secret's JSON holds a \\u escape of half a UTF-16 surrogate pair, which is not text");
            }
        }
    }

    /// <summary>How deep a JSON secret may nest: <see cref="JsonDocument"/>'s default.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Whether <paramref name="text"/>, which <see cref="JsonDocument"/> refused, is valid JSON nested deeper than
    /// <see cref="MaxDepth"/>. Read again with no depth bound that matters (a value cannot nest deeper than it is long).
    /// </summary>
    private static bool NestedTooDeeply(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = bytes.Length + 1 });
        var deepest = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    deepest = Math.Max(deepest, reader.CurrentDepth + 1);
            }

            return deepest > MaxDepth;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static RenderResult RenderBinary(SecretSpec spec, byte[]? bytes)
    {
        if (bytes is null)
            return RenderResult.Fail(FailureAdvice.EmptySecret, "the secret has neither SecretString nor SecretBinary");
        if (spec.JsonKey is not null || spec.Format != SecretFormat.Raw)
            return RenderResult.Fail(FailureAdvice.BinarySecret, $"the secret is binary, so format {Name(spec.Format)}{KeyText(spec)} does not apply");
        return RenderResult.Ok(bytes);
    }

    private static RenderResult RenderJson(SecretSpec spec, string text, JsonElement root)
    {
        var element = root;
        if (spec.JsonKey is { } key)
        {
            if (JsonKeys.Find(root, key) is not { } found)
                return RenderResult.Fail(FailureAdvice.JsonKeyNotFound, $"the JSON secret has no key '{key}'");
            element = found;
        }

        return spec.Format switch
        {
            SecretFormat.Raw => RenderResult.Ok(RawText(element)),
            SecretFormat.Json => RenderResult.Ok(spec.JsonKey is null ? Encoding.UTF8.GetBytes(text) : Compact(element)),
            SecretFormat.Env => DotenvFormatter.Format(element),
            _ => RenderResult.Fail("UnknownFormat", $"format {spec.Format} is not known to this agent"),
        };
    }

    /// <summary>A string as is; any other JSON value as its compact JSON.</summary>
    internal static byte[] RawText(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(element.GetString()!) : Compact(element);

    internal static byte[] Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
            element.WriteTo(writer);
        return buffer.ToArray();
    }

    private static string KeyText(SecretSpec spec) => spec.JsonKey is null ? "" : $" with key '{spec.JsonKey}'";

    private static string Name(SecretFormat format) => format.ToString().ToLowerInvariant();
}

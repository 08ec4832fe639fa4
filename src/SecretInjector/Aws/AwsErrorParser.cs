using System.Net.Http.Headers;
using System.Text.Json;

namespace SecretInjector.Aws;

/// <summary>
/// Reads an AWS JSON 1.1 error: the code from the <c>x-amzn-ErrorType</c> header, else the body's <c>code</c>,
/// else its <c>__type</c>; cut at the first <c>:</c> and after the last <c>#</c>. The message is
/// <c>Message</c> or <c>message</c>.
/// </summary>
public static class AwsErrorParser
{
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    public static AwsError Parse(int status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var headerCode = headers.TryGetValues(ErrorTypeHeader, out var values) ? values.FirstOrDefault() : null;
        var (bodyCode, message) = ReadBody(body);
        var code = Normalize(headerCode) ?? Normalize(bodyCode) ?? $"Http{status}";
        return new AwsError(code, message ?? $"HTTP {status} without an error message", status);
    }

    /// <summary>Strips the <c>:url</c> suffix and the <c>namespace#</c> prefix; null for an empty code.</summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;

        var code = raw.Trim();
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
            code = code[..colon];
        var hash = code.LastIndexOf('#');
        if (hash >= 0)
            code = code[(hash + 1)..];
        return code.Length == 0 ? null : code;
    }

    private static (string? Code, string? Message) ReadBody(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
            return (null, null);
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, null);
            var root = document.RootElement;
            var code = Text(root, "code") ?? Text(root, "__type");
            return (code, Text(root, "Message") ?? Text(root, "message"));
        }
        catch (JsonException)
        {
            // An error page from a proxy or load balancer: the status decides.
            return (null, null);
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// An independent SigV4 implementation for tests (not the SDK's): canonical request, string to sign and signature,
/// written from the specification and checked against AWS's test suite. The loopback stub verifies every request
/// it receives with it.
/// </summary>
public static class SigV4Reference
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public static string CanonicalRequest(
        string method,
        string rawPath,
        string rawQuery,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        IReadOnlyList<string> signedHeaders,
        string payloadHash)
    {
        var lines = new StringBuilder();
        lines.Append(method).Append('\n');
        lines.Append(CanonicalPath(rawPath)).Append('\n');
        lines.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var name in signedHeaders)
            lines.Append(name).Append(':').Append(HeaderValue(headers, name)).Append('\n');
        lines.Append('\n');
        lines.Append(string.Join(';', signedHeaders)).Append('\n');
        lines.Append(payloadHash);
        return lines.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Signature(string secretKey, string date, string region, string service, string stringToSign)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string PayloadHash(ReadOnlySpan<byte> body) => Hex(SHA256.HashData(body));

    /// <summary>Dot segments resolved, empty segments dropped, each segment percent-encoded (RFC 3986 unreserved kept).</summary>
    public static string CanonicalPath(string rawPath)
    {
        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment is "" or ".")
                continue;
            if (segment == "..")
            {
                if (segments.Count > 0)
                    segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(Encode(segment));
        }

        var path = "/" + string.Join('/', segments);
        var trailing = segments.Count > 0 && (rawPath.EndsWith('/') || rawPath.EndsWith("/.", StringComparison.Ordinal));
        return trailing ? path + "/" : path;
    }

    public static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
            return "";
        var pairs = rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>Values of one header in order, each trimmed with inner whitespace runs collapsed, joined with commas.</summary>
    private static string HeaderValue(IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
        string.Join(',', headers
            .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .Select(h => string.Join(' ', h.Value.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))));

    private static string Encode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                encoded.Append(c);
            else
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return encoded.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}

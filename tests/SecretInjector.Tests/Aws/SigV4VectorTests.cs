using System.Globalization;
using System.Text;
using Amazon.Runtime.Internal.Auth;
using SecretInjector.Tests.TestSupport;
using Xunit;

namespace SecretInjector.Tests.Aws;

/// <summary>
/// AWS's SigV4 test suite (<c>fixtures/sigv4</c>) reproduced exactly: by the test-side reference that the loopback
/// stub verifies requests with (canonical request, string to sign, Authorization), and by the SDK signing math the
/// agent signs with.
/// </summary>
public sealed class SigV4VectorTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Scope = "20150830/us-east-1/service/aws4_request";
    private const string SessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var root = RepoPaths.Fixture("sigv4", "aws4_testsuite");
        foreach (var req in Directory.GetFiles(root, "*.req", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(root, Path.ChangeExtension(req, null)));
        return data;
    }

    [Fact]
    public void Cases_FromTheSuite_AreAllFound()
    {
        Assert.True(Cases().Count >= 30, $"found {Cases().Count} cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference_EachVector_ReproducesCanonicalRequestStringToSignAndAuthorization(string name)
    {
        var vector = Vector.Load(name);

        var canonical = SigV4Reference.CanonicalRequest(vector.Method, vector.Path, vector.Query, vector.Headers, vector.SignedHeaders, SigV4Reference.PayloadHash(vector.Body));
        var stringToSign = SigV4Reference.StringToSign("20150830T123600Z", Scope, canonical);
        var signature = SigV4Reference.Signature(SecretKey, "20150830", "us-east-1", "service", stringToSign);

        Assert.Equal(vector.Expected("creq"), canonical);
        Assert.Equal(vector.Expected("sts"), stringToSign);
        Assert.Equal(vector.Expected("authz"), $"AWS4-HMAC-SHA256 Credential={AccessKey}/{Scope}, SignedHeaders={string.Join(';', vector.SignedHeaders)}, Signature={signature}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SdkSigner_EachCanonicalRequest_ReproducesAuthorization(string name)
    {
        var vector = Vector.Load(name);
        var signedAt = DateTime.ParseExact("20150830T123600Z", "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        var result = AWS4Signer.ComputeSignature(AccessKey, SecretKey, "us-east-1", signedAt, "service", string.Join(';', vector.SignedHeaders), vector.Expected("creq"));

        Assert.Equal(vector.Expected("authz"), result.ForAuthorizationHeader);
    }

    private sealed record Vector(
        string Folder,
        string Method,
        string Path,
        string Query,
        IReadOnlyList<KeyValuePair<string, string>> Headers,
        IReadOnlyList<string> SignedHeaders,
        byte[] Body)
    {
        public string Expected(string extension) =>
            File.ReadAllText(System.IO.Path.Combine(Folder, System.IO.Path.GetFileName(Folder) + "." + extension), Encoding.UTF8);

        public static Vector Load(string name)
        {
            var folder = RepoPaths.Fixture("sigv4", "aws4_testsuite", System.IO.Path.GetDirectoryName(name)!);
            var text = File.ReadAllText(System.IO.Path.Combine(folder, System.IO.Path.GetFileName(name) + ".req"), Encoding.UTF8);
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            var head = split < 0 ? text : text[..split];
            var body = split < 0 ? [] : Encoding.UTF8.GetBytes(text[(split + 2)..]);
            var lines = head.Split('\n');

            var requestLine = lines[0];
            var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
            var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(' ')];
            var question = target.IndexOf('?', StringComparison.Ordinal);
            var (path, query) = question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);

            var headers = ParseHeaders(lines.Skip(1));
            var authz = File.ReadAllText(System.IO.Path.Combine(folder, System.IO.Path.GetFileName(name) + ".authz"));
            var signed = authz.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
            if (signed.Contains("x-amz-security-token") && !headers.Any(h => h.Key.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase)))
                headers.Add(new("X-Amz-Security-Token", SessionToken));
            return new Vector(folder, method, path, query, headers, signed, body);
        }

        /// <summary><c>Name:value</c> lines; a line starting with whitespace continues the previous value.</summary>
        private static List<KeyValuePair<string, string>> ParseHeaders(IEnumerable<string> lines)
        {
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in lines.Where(l => l.Length > 0))
            {
                if (char.IsWhiteSpace(line[0]) && headers.Count > 0)
                {
                    var last = headers[^1];
                    headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers.Add(new(line[..colon], line[(colon + 1)..]));
            }

            return headers;
        }
    }
}

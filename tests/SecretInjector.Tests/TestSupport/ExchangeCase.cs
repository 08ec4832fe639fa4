using System.Text.Json;

namespace SecretInjector.Tests.TestSupport;

/// <summary>One case of <c>fixtures/secretsmanager/exchanges/index.json</c>, bodies as bytes.</summary>
public sealed record ExchangeCase(
    string Name,
    string Operation,
    byte[] RequestBody,
    int Status,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    byte[] ResponseBody,
    string? ExpectedErrorCode,
    bool? ExpectedRetryable)
{
    public static Dictionary<string, ExchangeCase> LoadAll()
    {
        var folder = RepoPaths.Fixture("secretsmanager", "exchanges");
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "index.json")));
        var cases = new Dictionary<string, ExchangeCase>(StringComparer.Ordinal);
        foreach (var c in index.RootElement.GetProperty("cases").EnumerateArray())
        {
            var request = c.GetProperty("request");
            var response = c.GetProperty("response");
            var expect = c.TryGetProperty("expect", out var e) ? e : default;
            var name = c.GetProperty("name").GetString()!;
            cases[name] = new ExchangeCase(
                name,
                c.GetProperty("operation").GetString()!,
                File.ReadAllBytes(Path.Combine(folder, request.GetProperty("bodyFile").GetString()!)),
                response.GetProperty("status").GetInt32(),
                response.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                File.ReadAllBytes(Path.Combine(folder, response.GetProperty("bodyFile").GetString()!)),
                expect.ValueKind == JsonValueKind.Object && expect.TryGetProperty("errorCode", out var code) ? code.GetString() : null,
                expect.ValueKind == JsonValueKind.Object && expect.TryGetProperty("retryable", out var retry) ? retry.GetBoolean() : null);
        }

        return cases;
    }
}

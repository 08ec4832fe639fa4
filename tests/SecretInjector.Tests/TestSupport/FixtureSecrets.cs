using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretInjector.Tests.TestSupport;

/// <summary>Every secret value in the Secrets Manager fixtures: what must never appear in a log or a response.</summary>
internal static class FixtureSecrets
{
    private static readonly Lazy<IReadOnlyList<string>> Cached = new(Read);

    /// <summary>Fails the test when <paramref name="text"/> holds a fixture secret value, without printing the value.</summary>
    public static void AssertNoneIn(string text, string where)
    {
        var found = Cached.Value.Count(v => text.Contains(v, StringComparison.Ordinal));
        if (found > 0)
            throw new Xunit.Sdk.XunitException($"{where} holds {found} secret value(s) from the Secrets Manager fixtures");
    }

    public static IReadOnlyList<string> Values() => Cached.Value;

    private static IReadOnlyList<string> Read()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(RepoPaths.Fixture("secretsmanager", "exchanges"), "*.response.json"))
        {
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(File.ReadAllText(file));
            }
            catch (JsonException)
            {
                continue;
            }

            foreach (var secret in Strings(body, "SecretString").Concat(Strings(body, "SecretBinary")))
            {
                values.Add(secret);
                if (TryParse(secret) is { } json)
                    Leaves(json, values);
            }
        }

        // A value that also appears in the non-secret inputs (a region in a JSON secret, say) proves nothing when logged.
        var inputs = string.Concat(Directory.GetFiles(RepoPaths.Fixture("admission")).Select(File.ReadAllText));
        return [.. values.Where(v => v.Length >= 6 && !inputs.Contains(v, StringComparison.Ordinal))];
    }

    private static IEnumerable<string> Strings(JsonNode? node, string key) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == key && p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? [v.GetValue<string>()]
            : Strings(p.Value, key)),
        JsonArray a => a.SelectMany(i => Strings(i, key)),
        _ => [],
    };

    private static void Leaves(JsonNode node, HashSet<string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o)
                {
                    if (v is not null)
                        Leaves(v, into);
                }

                break;
            case JsonArray a:
                foreach (var v in a)
                {
                    if (v is not null)
                        Leaves(v, into);
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                into.Add(v.GetValue<string>());
                break;
        }
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

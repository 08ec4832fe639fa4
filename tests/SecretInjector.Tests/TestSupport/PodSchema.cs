using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SecretInjector.Tests.TestSupport;

/// <summary>The strict Kubernetes v1.32 Pod schema from the shared fixtures.</summary>
internal static class PodSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => Load("pod-v1.json"));

    /// <summary>Every schema error of <paramref name="pod"/>, as "location: message" lines.</summary>
    public static IReadOnlyList<string> Errors(JsonNode pod) => ErrorsAgainst(Schema.Value, pod);

    /// <summary>
    /// Loads a schema of the fixtures for the validator: without its draft-less <c>$schema</c>, and without the
    /// <c>x-kubernetes-*</c> extensions, which the validator's dialect refuses and which constrain nothing here.
    /// </summary>
    public static JsonSchema Load(string file)
    {
        var node = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("k8s-schema", file)))!.AsObject();
        node.Remove("$schema");
        StripExtensions(node);
        return JsonSchema.FromText(node.ToJsonString());
    }

    private static void StripExtensions(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Select(p => p.Key).Where(k => k.StartsWith("x-kubernetes-", StringComparison.Ordinal)).ToList())
                obj.Remove(key);
            foreach (var (_, value) in obj)
                StripExtensions(value);
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
                StripExtensions(item);
        }
    }

    public static IReadOnlyList<string> ErrorsAgainst(JsonSchema schema, JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];
        return [.. (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }
}

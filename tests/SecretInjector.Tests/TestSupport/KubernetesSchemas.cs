using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// The strict Kubernetes v1.32 JSON schemas in <c>shared/fixtures/k8s-schema</c> (unknown fields fail), one per
/// kind, built once per test run.
/// </summary>
internal static class KubernetesSchemas
{
    private static readonly Dictionary<string, string> FileByKind = new(StringComparer.Ordinal)
    {
        ["Certificate"] = "certificate-cert-manager-v1",
        ["ClusterRole"] = "clusterrole-rbac-v1",
        ["ClusterRoleBinding"] = "clusterrolebinding-rbac-v1",
        ["ConfigMap"] = "configmap-v1",
        ["Deployment"] = "deployment-apps-v1",
        ["Issuer"] = "issuer-cert-manager-v1",
        ["MutatingWebhookConfiguration"] = "mutatingwebhookconfiguration-admissionregistration-v1",
        ["Namespace"] = "namespace-v1",
        ["NetworkPolicy"] = "networkpolicy-networking-v1",
        ["Pod"] = "pod-v1",
        ["PodDisruptionBudget"] = "poddisruptionbudget-policy-v1",
        ["Role"] = "role-rbac-v1",
        ["RoleBinding"] = "rolebinding-rbac-v1",
        ["Secret"] = "secret-v1",
        ["Service"] = "service-v1",
        ["ServiceAccount"] = "serviceaccount-v1",
    };

    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Cache = new(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Kinds => FileByKind.Keys;

    /// <summary>
    /// The problems of <paramref name="document"/> against its kind's schema, as "location: message" lines;
    /// empty when it is valid. A kind without a schema is itself a problem: every installed object is checked.
    /// </summary>
    public static IReadOnlyList<string> Problems(JsonNode document)
    {
        var kind = document["kind"]?.GetValue<string>();
        if (kind is null || !FileByKind.TryGetValue(kind, out var file))
            return [$"kind '{kind}' has no schema in {RepoPaths.KubernetesSchemas}"];

        var schema = Cache.GetOrAdd(kind, _ => new Lazy<JsonSchema>(() => Load(file))).Value;
        using var instance = JsonDocument.Parse(document.ToJsonString());
        var results = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (results.IsValid)
            return [];

        var failures = Failures(results).ToList();
        return failures.Count > 0 ? failures : ["invalid (no detail reported)"];
    }

    // Walks only failing nodes: a branch that failed inside a oneOf that passed (int-or-string) is no problem.
    private static IEnumerable<string> Failures(EvaluationResults result)
    {
        if (result.IsValid)
            yield break;

        foreach (var error in result.Errors ?? new Dictionary<string, string>())
            yield return $"{result.InstanceLocation}: {error.Key}: {error.Value}";
        foreach (var failure in (result.Details ?? []).SelectMany(Failures))
            yield return failure;
    }

    private static JsonSchema Load(string file)
    {
        var path = Path.Combine(RepoPaths.KubernetesSchemas, file + ".json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Schema {path} is missing; the tests expect the shared fixtures next to the repository.", path);

        // The files declare "http://json-schema.org/schema#", which names no draft. Their keywords are plain
        // draft-04/07 ones plus Kubernetes' x-kubernetes-* annotations, so they are built as draft 7, a dialect
        // that ignores unknown keywords (the library's default dialect rejects them).
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        node.Remove("$schema");
        using var json = JsonDocument.Parse(node.ToJsonString());
        return JsonSchema.Build(json.RootElement.Clone(), new BuildOptions { Dialect = Dialect.Draft07 }, new Uri($"file:///k8s-schema/{file}.json"));
    }
}

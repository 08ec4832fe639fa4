using System.Text.Json.Nodes;
using SecretInjector.Injection;

namespace SecretInjector.Manifests;

/// <summary>Finds the pods and pod templates in a manifest document.</summary>
public static class PodTemplates
{
    /// <summary>
    /// Each pod or pod template of <paramref name="document"/>, with a label for messages and the namespace of
    /// the object that holds it. A template is shaped like a pod (<c>metadata</c>, <c>spec</c>), so the same
    /// decision and patch paths apply to it.
    /// </summary>
    public static IEnumerable<(JsonObject Pod, string Label, string? Namespace)> Find(JsonNode? document) => Find(document, null);

    /// <param name="document">The object.</param>
    /// <param name="listKind">For an item of a typed list (<c>DeploymentList</c>), the kind its items have when they omit it.</param>
    private static IEnumerable<(JsonObject Pod, string Label, string? Namespace)> Find(JsonNode? document, string? listKind)
    {
        if (document is not JsonObject obj)
            yield break;
        var kind = PodView.Text(obj, "kind") ?? listKind;
        var metadata = obj["metadata"] as JsonObject;
        var label = $"{kind} {PodView.Text(metadata, "name") ?? PodView.Text(metadata, "generateName") ?? "(unnamed)"}";
        var ns = PodView.Text(metadata, "namespace");
        var spec = obj["spec"] as JsonObject;
        switch (kind)
        {
            case "Pod":
                yield return (obj, label, ns);
                break;
            case "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" or "ReplicationController":
                if (spec?["template"] is JsonObject template)
                    yield return (template, label, ns);
                break;
            case "PodTemplate":
                if (obj["template"] is JsonObject podTemplate)
                    yield return (podTemplate, label, ns);
                break;
            case "CronJob":
                if ((spec?["jobTemplate"] as JsonObject)?["spec"] is JsonObject jobSpec && jobSpec["template"] is JsonObject cronTemplate)
                    yield return (cronTemplate, label, ns);
                break;
            case not null when kind.EndsWith("List", StringComparison.Ordinal):
                // v1 List items name their kind; a typed list's (DeploymentList) may leave it out.
                var itemKind = kind == "List" ? null : kind[..^"List".Length];
                foreach (var item in (obj["items"] as JsonArray) ?? [])
                {
                    foreach (var found in Find(item, itemKind))
                        yield return found;
                }

                break;
        }
    }

    /// <summary>
    /// True when some object inside <paramref name="document"/> carries the opt-in annotation: a pod template in a
    /// kind <see cref="Find(JsonNode?)"/> does not know (a PodTemplate inside a custom resource, an Argo Rollout, ...).
    /// </summary>
    public static bool HoldsAnOptIn(JsonNode? document) =>
        document is JsonObject root && root.Where(m => m.Key != "metadata").Any(m => OptsInWithin(m.Value));

    private static bool OptsInWithin(JsonNode? node) => node switch
    {
        JsonObject obj => (obj["metadata"] as JsonObject)?["annotations"] is JsonObject annotations && annotations.ContainsKey(Annotations.Inject)
            || obj.Any(member => OptsInWithin(member.Value)),
        JsonArray array => array.Any(OptsInWithin),
        _ => false,
    };
}

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
    public static IEnumerable<(JsonObject Pod, string Label, string? Namespace)> Find(JsonNode? document)
    {
        if (document is not JsonObject obj)
            yield break;
        var kind = PodView.Text(obj, "kind");
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
            case "CronJob":
                if ((spec?["jobTemplate"] as JsonObject)?["spec"] is JsonObject jobSpec && jobSpec["template"] is JsonObject cronTemplate)
                    yield return (cronTemplate, label, ns);
                break;
            case "List":
                foreach (var item in (obj["items"] as JsonArray) ?? [])
                {
                    foreach (var found in Find(item))
                        yield return found;
                }

                break;
        }
    }
}

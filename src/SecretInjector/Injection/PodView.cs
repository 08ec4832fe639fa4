using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretInjector.Injection;

/// <summary>
/// Read-only helpers over a pod's raw JSON. Nothing here rewrites the pod: the patch is built against
/// exactly what arrived.
/// </summary>
public sealed class PodView
{
    private PodView(JsonObject pod, JsonObject spec)
    {
        Pod = pod;
        Spec = spec;
    }

    public JsonObject Pod { get; }

    public JsonObject Spec { get; }

    public JsonObject? Metadata => Pod["metadata"] as JsonObject;

    public JsonObject? Annotations => Metadata?["annotations"] as JsonObject;

    /// <summary><c>metadata.name</c>, else <c>generateName</c> followed by <c>*</c>, else <c>(unnamed)</c>.</summary>
    public string DisplayName =>
        Text(Metadata, "name") ?? (Text(Metadata, "generateName") is { } g ? g + "*" : "(unnamed)");

    /// <summary>The pod's service account: <c>serviceAccountName</c>, then the deprecated <c>serviceAccount</c>, then <c>default</c>.</summary>
    public string ServiceAccountName =>
        Text(Spec, "serviceAccountName") ?? Text(Spec, "serviceAccount") ?? "default";

    public JsonArray? Containers => Spec["containers"] as JsonArray;

    public JsonArray? InitContainers => Spec["initContainers"] as JsonArray;

    public JsonArray? Volumes => Spec["volumes"] as JsonArray;

    public JsonObject? SecurityContext => Spec["securityContext"] as JsonObject;

    /// <summary>True when the pod targets Windows nodes (<c>spec.os.name</c> or the <c>kubernetes.io/os</c> node selector).</summary>
    public bool TargetsWindows =>
        DeclaresWindowsOs
        || Text(Spec["nodeSelector"] as JsonObject, "kubernetes.io/os") == "windows";

    /// <summary>True when <c>spec.os.name</c> is <c>windows</c>, which makes the API server refuse Linux-only fields.</summary>
    public bool DeclaresWindowsOs => Text(Spec["os"] as JsonObject, "name") == "windows";

    /// <summary>Wraps a pod, or returns why it cannot be read as one.</summary>
    public static (PodView? View, string? Problem) From(JsonNode? pod)
    {
        if (pod is not JsonObject obj)
            return (null, "the object is not a JSON object");
        if (obj["spec"] is not JsonObject spec)
            return (null, "the pod has no spec");
        if (spec["containers"] is not JsonArray)
            return (null, "the pod has no spec.containers list");
        return (new PodView(obj, spec), null);
    }

    /// <summary>Every container of every list, with the list it belongs to.</summary>
    public IEnumerable<(string List, int Index, JsonObject Container)> AllContainers()
    {
        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            if (Spec[list] is not JsonArray array)
                continue;
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject c)
                    yield return (list, i, c);
            }
        }
    }

    public bool HasVolume(string name) =>
        Volumes?.OfType<JsonObject>().Any(v => Text(v, "name") == name) ?? false;

    public bool HasInitContainer(string name) =>
        InitContainers?.OfType<JsonObject>().Any(c => Text(c, "name") == name) ?? false;

    /// <summary>A string member, or null when absent or not a string.</summary>
    public static string? Text(JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>An integer member, or null when absent or not an integer.</summary>
    public static long? Number(JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;
}

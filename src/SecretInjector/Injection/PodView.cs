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

    /// <summary>
    /// Where the pod's JSON does not have the shape the patch builds on, or null. A member of the wrong type
    /// (volumes as a map, an init container list that is a string) would be replaced whole by an <c>add</c>, so it
    /// is named instead; JSON null counts as absent, as the API server reads it.
    /// </summary>
    public string? ShapeProblem()
    {
        if (Pod["metadata"] is { } metadata && metadata is not JsonObject)
            return $"metadata must be an object, not {KindOf(metadata)}";
        if (Metadata?["annotations"] is { } annotations && annotations is not JsonObject)
            return $"metadata.annotations must be a map, not {KindOf(annotations)}";
        if (Containers is not { Count: > 0 })
            return "spec.containers is empty; a pod needs at least one container";
        foreach (var list in new[] { "containers", "initContainers", "volumes" })
        {
            if (Spec[list] is not { } node)
                continue;
            if (node is not JsonArray array)
                return $"spec.{list} must be a list, not {KindOf(node)}";
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject item)
                    return $"spec.{list}[{i}] must be an object, not {KindOf(array[i])}";
                if (list == "volumes")
                    continue;
                foreach (var member in new[] { "env", "volumeMounts" })
                {
                    if (item[member] is { } value && value is not JsonArray)
                        return $"spec.{list}[{i}].{member} must be a list, not {KindOf(value)}";
                }
            }
        }

        return null;
    }

    private static string KindOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };

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

using System.Collections.ObjectModel;
using System.Text.Json;
using k8s.Models;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>Maps Kubernetes client objects to the small records the decision reads.</summary>
internal static class ClusterObjectMapper
{
    public static NamespaceObject ToNamespace(V1Namespace ns) =>
        new(ns.Metadata.Name, ReadOnly(ns.Metadata.Labels));

    public static ServiceAccountObject ToServiceAccount(V1ServiceAccount sa) =>
        new(sa.Metadata.NamespaceProperty ?? string.Empty, sa.Metadata.Name, ReadOnly(sa.Metadata.Annotations));

    /// <summary>Reads a SecretProviderClass: metadata, <c>spec.provider</c>, <c>spec.parameters</c>.</summary>
    public static SecretProviderClassObject ToSecretProviderClass(JsonElement spc)
    {
        var metadata = Property(spc, "metadata");
        var spec = Property(spc, "spec");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Property(spec, "parameters") is { ValueKind: JsonValueKind.Object } map)
        {
            // spec.parameters is map[string]string in the CRD; keep anything else as its JSON text rather than drop it.
            foreach (var p in map.EnumerateObject())
            {
                parameters[p.Name] = p.Value.ValueKind == JsonValueKind.String
                    ? p.Value.GetString()!
                    : p.Value.GetRawText();
            }
        }

        return new SecretProviderClassObject(
            String(metadata, "namespace") ?? string.Empty,
            String(metadata, "name") ?? string.Empty,
            String(spec, "provider"),
            parameters.AsReadOnly());
    }

    public static ObjectKey KeyOf(JsonElement obj)
    {
        var metadata = Property(obj, "metadata");
        return new ObjectKey(String(metadata, "namespace") ?? string.Empty, String(metadata, "name") ?? string.Empty);
    }

    public static string? ResourceVersionOf(JsonElement obj) => String(Property(obj, "metadata"), "resourceVersion");

    public static JsonElement Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value : default;

    private static string? String(JsonElement obj, string name) =>
        Property(obj, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static ReadOnlyDictionary<string, string> ReadOnly(IDictionary<string, string>? source) =>
        source is null || source.Count == 0
            ? ReadOnlyDictionary<string, string>.Empty
            : new Dictionary<string, string>(source, StringComparer.Ordinal).AsReadOnly();
}

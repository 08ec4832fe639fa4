using System.Text.Json.Nodes;

namespace SecretInjector.Tests.TestSupport;

/// <summary>Small Kubernetes objects, as JSON, for <see cref="FakeKubernetesApi"/>.</summary>
internal static class FakeKubernetesApiObjects
{
    public static JsonObject Namespace(string name, IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = Metadata(null, name, "labels", labels),
    };

    public static JsonObject ServiceAccount(
        string ns,
        string name,
        IReadOnlyDictionary<string, string>? annotations = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ServiceAccount",
        ["metadata"] = Metadata(ns, name, "annotations", annotations),
    };

    public static JsonObject SecretProviderClass(
        string ns,
        string name,
        string provider,
        IReadOnlyDictionary<string, string> parameters) => new()
    {
        ["apiVersion"] = "secrets-store.csi.x-k8s.io/v1",
        ["kind"] = "SecretProviderClass",
        ["metadata"] = Metadata(ns, name, null, null),
        ["spec"] = new JsonObject { ["provider"] = provider, ["parameters"] = Map(parameters) },
    };

    private static JsonObject Metadata(string? ns, string name, string? mapName, IReadOnlyDictionary<string, string>? map)
    {
        var metadata = new JsonObject { ["name"] = name, ["uid"] = Guid.NewGuid().ToString() };
        if (ns is not null)
            metadata["namespace"] = ns;
        if (mapName is not null && map is not null)
            metadata[mapName] = Map(map);
        return metadata;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
            json[key] = value;
        return json;
    }
}

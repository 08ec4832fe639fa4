using System.Text.Json;
using System.Text.Json.Nodes;
using SecretInjector.Injection;
using SecretInjector.Manifests;

namespace SecretInjector.Cluster;

/// <summary>
/// Cluster objects from a YAML file (<c>--objects</c>): Namespaces, ServiceAccounts and SecretProviderClasses,
/// as documents or in <c>v1 List</c>s. Other kinds are ignored, so a pipeline can pass its whole manifest set.
/// Used instead of a cluster by <c>inject</c>, tests, and the quick start.
/// </summary>
public sealed class ObjectsFileClusterSource : IClusterSource, IClusterView
{
    private readonly Dictionary<string, NamespaceObject> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), ServiceAccountObject> _serviceAccounts = [];
    private readonly Dictionary<(string, string), SecretProviderClassObject> _providerClasses = [];

    /// <exception cref="ManifestException">The file is not YAML, or an object lacks a name or namespace.</exception>
    public ObjectsFileClusterSource(string text, string source)
    {
        IReadOnlyList<YamlDocumentSpan> documents;
        try
        {
            documents = YamlReader.ReadAll(text);
        }
        catch (ManifestException e)
        {
            throw new ManifestException($"{source}: {e.Message}", e);
        }

        foreach (var document in documents)
        {
            foreach (var obj in Objects(document.Root))
                Add(obj, $"{source}: document {document.Number}");
        }
    }

    public bool IsSynced => true;

    public static ObjectsFileClusterSource Load(string path) => Load(path, BoundedInput.LargeFileLimit);

    /// <summary>The objects of the file, which may hold at most <paramref name="maxBytes"/> bytes.</summary>
    internal static ObjectsFileClusterSource Load(string path, long maxBytes)
    {
        try
        {
            return new ObjectsFileClusterSource(BoundedInput.ReadAllText(path, maxBytes), path);
        }
        catch (InputTooLargeException e)
        {
            throw new ManifestException($"{path}: the objects file is {e.Reason}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException($"{path}: cannot read the objects file: {e.Message}", e);
        }
    }

    public ValueTask<IClusterView> ViewForAsync(string @namespace, string serviceAccount, string? secretProviderClass, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IClusterView>(this);

    public Lookup<NamespaceObject> Namespace(string name) =>
        Lookup<NamespaceObject>.Of(_namespaces.GetValueOrDefault(name));

    public Lookup<ServiceAccountObject> ServiceAccount(string @namespace, string name) =>
        Lookup<ServiceAccountObject>.Of(_serviceAccounts.GetValueOrDefault((@namespace, name)));

    public Lookup<SecretProviderClassObject> SecretProviderClass(string @namespace, string name) =>
        Lookup<SecretProviderClassObject>.Of(_providerClasses.GetValueOrDefault((@namespace, name)));

    private static IEnumerable<JsonObject> Objects(JsonNode? root)
    {
        if (root is not JsonObject obj)
            yield break;
        if (PodView.Text(obj, "kind") == "List")
        {
            foreach (var item in (obj["items"] as JsonArray)?.OfType<JsonObject>() ?? [])
                yield return item;
        }
        else
        {
            yield return obj;
        }
    }

    private void Add(JsonObject obj, string where)
    {
        var kind = PodView.Text(obj, "kind");
        if (kind is not ("Namespace" or "ServiceAccount" or "SecretProviderClass"))
            return;
        var metadata = obj["metadata"] as JsonObject;
        var name = PodView.Text(metadata, "name") ?? throw new ManifestException($"{where}: {kind} has no metadata.name");
        if (kind == "Namespace")
        {
            _namespaces[name] = new NamespaceObject(name, Strings(metadata?["labels"]));
            return;
        }

        var ns = PodView.Text(metadata, "namespace") ?? throw new ManifestException($"{where}: {kind} {name} has no metadata.namespace");
        if (kind == "ServiceAccount")
        {
            _serviceAccounts[(ns, name)] = new ServiceAccountObject(ns, name, Strings(metadata?["annotations"]));
            return;
        }

        var spec = obj["spec"] as JsonObject;
        _providerClasses[(ns, name)] = new SecretProviderClassObject(ns, name, PodView.Text(spec, "provider"), Strings(spec?["parameters"]));
    }

    /// <summary>A map of strings; non-string values keep their JSON text, as Kubernetes would refuse them anyway.</summary>
    public static IReadOnlyDictionary<string, string> Strings(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in (node as JsonObject) ?? [])
        {
            map[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "";
        }

        return map;
    }
}

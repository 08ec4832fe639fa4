using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>
/// SecretProviderClasses in all namespaces (<c>secrets-store.csi.x-k8s.io/v1</c>), read as JSON: the client has
/// no model for them. Served only where the Secrets Store CSI driver's CRD is installed.
/// </summary>
internal sealed class SecretProviderClassResource(IKubernetes client) : IWatchedResource<SecretProviderClassObject>
{
    public const string Group = "secrets-store.csi.x-k8s.io";
    public const string Version = "v1";
    public const string Plural = "secretproviderclasses";

    public string Kind => "SecretProviderClass";

    public async Task<ResourceList<SecretProviderClassObject>> ListAsync(CancellationToken cancellationToken)
    {
        var body = await client.CustomObjects
            .ListClusterCustomObjectAsync(Group, Version, Plural, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var list = AsJson(body);
        var items = new List<KeyValuePair<ObjectKey, SecretProviderClassObject>>();
        if (ClusterObjectMapper.Property(list, "items") is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                var spc = ClusterObjectMapper.ToSecretProviderClass(item);
                items.Add(KeyValuePair.Create(new ObjectKey(spc.Namespace, spc.Name), spc));
            }
        }

        var resourceVersion = ClusterObjectMapper.ResourceVersionOf(list) ?? string.Empty;
        return new ResourceList<SecretProviderClassObject>(items, resourceVersion);
    }

    public async IAsyncEnumerable<ResourceEvent<SecretProviderClassObject>> WatchAsync(
        string resourceVersion,
        int timeoutSeconds,
        Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = client.CustomObjects.WatchListClusterCustomObjectAsync(
            Group,
            Version,
            Plural,
            allowWatchBookmarks: true,
            resourceVersion: resourceVersion,
            timeoutSeconds: timeoutSeconds,
            onError: onError,
            cancellationToken: cancellationToken);
        await foreach (var (type, body) in events.ConfigureAwait(false))
        {
            var obj = AsJson(body);
            var value = type is WatchEventType.Added or WatchEventType.Modified
                ? ClusterObjectMapper.ToSecretProviderClass(obj)
                : null;
            yield return new(type, ClusterObjectMapper.KeyOf(obj), value, ClusterObjectMapper.ResourceVersionOf(obj));
        }
    }

    public async Task<SecretProviderClassObject?> ReadAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var body = await client.CustomObjects
                .GetNamespacedCustomObjectAsync(Group, Version, key.Namespace, Plural, key.Name, cancellationToken)
                .ConfigureAwait(false);
            return ClusterObjectMapper.ToSecretProviderClass(AsJson(body));
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }

    // The client deserializes untyped bodies with System.Text.Json, so they arrive as JsonElement.
    private static JsonElement AsJson(object? body) => body switch
    {
        JsonElement element => element,
        null => default,
        _ => throw new InvalidOperationException($"Expected a JSON body from the client, got {body.GetType()}."),
    };
}

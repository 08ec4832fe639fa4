using System.Runtime.CompilerServices;
using k8s;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>Namespaces, cluster-wide: <c>/api/v1/namespaces</c>.</summary>
internal sealed class NamespaceResource(IKubernetes client) : IWatchedResource<NamespaceObject>
{
    public string Kind => "Namespace";

    public async Task<ResourceList<NamespaceObject>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var items = list.Items
            .Select(ns => KeyValuePair.Create(ObjectKey.Cluster(ns.Metadata.Name), ClusterObjectMapper.ToNamespace(ns)))
            .ToList();
        return new ResourceList<NamespaceObject>(items, list.Metadata?.ResourceVersion ?? string.Empty);
    }

    public async IAsyncEnumerable<ResourceEvent<NamespaceObject>> WatchAsync(
        string resourceVersion,
        int timeoutSeconds,
        Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = client.CoreV1.WatchListNamespaceAsync(
            allowWatchBookmarks: true,
            resourceVersion: resourceVersion,
            timeoutSeconds: timeoutSeconds,
            onError: onError,
            cancellationToken: cancellationToken);
        await foreach (var (type, ns) in events.ConfigureAwait(false))
        {
            var value = type is WatchEventType.Added or WatchEventType.Modified
                ? ClusterObjectMapper.ToNamespace(ns)
                : null;
            var key = ObjectKey.Cluster(ns.Metadata?.Name ?? string.Empty);
            yield return new(type, key, value, ns.Metadata?.ResourceVersion);
        }
    }

    public async Task<NamespaceObject?> ReadAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var ns = await client.CoreV1.ReadNamespaceAsync(key.Name, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return ClusterObjectMapper.ToNamespace(ns);
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }
}

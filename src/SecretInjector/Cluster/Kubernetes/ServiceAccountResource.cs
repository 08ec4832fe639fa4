using System.Runtime.CompilerServices;
using k8s;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>ServiceAccounts in all namespaces: <c>/api/v1/serviceaccounts</c>.</summary>
internal sealed class ServiceAccountResource(IKubernetes client) : IWatchedResource<ServiceAccountObject>
{
    public string Kind => "ServiceAccount";

    public async Task<ResourceList<ServiceAccountObject>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListServiceAccountForAllNamespacesAsync(cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var items = list.Items
            .Select(sa => ClusterObjectMapper.ToServiceAccount(sa))
            .Select(sa => KeyValuePair.Create(new ObjectKey(sa.Namespace, sa.Name), sa))
            .ToList();
        return new ResourceList<ServiceAccountObject>(items, list.Metadata?.ResourceVersion ?? string.Empty);
    }

    public async IAsyncEnumerable<ResourceEvent<ServiceAccountObject>> WatchAsync(
        string resourceVersion,
        int timeoutSeconds,
        Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = client.CoreV1.WatchListServiceAccountForAllNamespacesAsync(
            allowWatchBookmarks: true,
            resourceVersion: resourceVersion,
            timeoutSeconds: timeoutSeconds,
            onError: onError,
            cancellationToken: cancellationToken);
        await foreach (var (type, sa) in events.ConfigureAwait(false))
        {
            var key = new ObjectKey(sa.Metadata?.NamespaceProperty ?? string.Empty, sa.Metadata?.Name ?? string.Empty);
            var value = type is WatchEventType.Added or WatchEventType.Modified
                ? ClusterObjectMapper.ToServiceAccount(sa)
                : null;
            yield return new(type, key, value, sa.Metadata?.ResourceVersion);
        }
    }

    public async Task<ServiceAccountObject?> ReadAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var sa = await client.CoreV1
                .ReadNamespacedServiceAccountAsync(key.Name, key.Namespace, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return ClusterObjectMapper.ToServiceAccount(sa);
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }
}

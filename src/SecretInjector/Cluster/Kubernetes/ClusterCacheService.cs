using Microsoft.Extensions.Hosting;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>Runs the <see cref="KubernetesClusterSource"/> caches for the life of the host.</summary>
public sealed class ClusterCacheService(KubernetesClusterSource source) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => source.RunAsync(stoppingToken);
}

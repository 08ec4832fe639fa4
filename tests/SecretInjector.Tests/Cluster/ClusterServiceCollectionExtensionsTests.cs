using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecretInjector.Cluster;
using SecretInjector.Cluster.Kubernetes;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Cluster;

public sealed class ClusterServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddKubernetesCluster_Kubeconfig_RegistersASourceThatTheHostedServiceSyncs()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        KubernetesClusterSourceTests.Seed(api);
        var directory = Directory.CreateTempSubdirectory("secret-injector-kubeconfig-");
        using var cleanup = new DirectoryCleanup(directory);
        var kubeconfig = Path.Combine(directory.FullName, "config");
        await File.WriteAllTextAsync(kubeconfig, Kubeconfig(api.Address));
        var services = new ServiceCollection().AddLogging();

        services.AddKubernetesCluster(kubeconfig);

        await using var provider = services.BuildServiceProvider();
        var source = provider.GetRequiredService<IClusterSource>();
        Assert.Same(provider.GetRequiredService<KubernetesClusterSource>(), source);
        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        Assert.IsType<ClusterCacheService>(hosted);
        await hosted.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => source.IsSynced, "the hosted service to sync the source");
        var view = await source.ViewForAsync("team-a", "app", null, CancellationToken.None);
        Assert.Equal(LookupStatus.Found, view.ServiceAccount("team-a", "app").Status);
        await hosted.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void AddKubernetesCluster_NoKubeconfigOutsideACluster_SaysWhatToPass()
    {
        Assert.False(k8s.KubernetesClientConfiguration.IsInCluster(), "these tests run outside a cluster");
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddKubernetesCluster(null));

        Assert.Equal(
            "no --kubeconfig given and not running in a cluster; pass --kubeconfig PATH or --objects FILE",
            error.Message);
        Assert.Empty(services);
    }

    private sealed class DirectoryCleanup(DirectoryInfo directory) : IDisposable
    {
        public void Dispose() => directory.Delete(recursive: true);
    }

    private static string Kubeconfig(Uri server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: {server}
        users:
        - name: fake
          user:
            token: fake-token
        contexts:
        - name: fake
          context:
            cluster: fake
            user: fake
        current-context: fake
        """;
}

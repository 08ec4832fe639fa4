using SecretInjector.Cluster;
using SecretInjector.Cluster.Kubernetes;
using SecretInjector.Tests.TestSupport;
using k8s;
using Microsoft.Extensions.Logging;
using static SecretInjector.Tests.TestSupport.FakeKubernetesApiObjects;

namespace SecretInjector.Tests.Cluster;

public sealed class ResourceCacheTests
{
    private const string NamespacesPath = FakeKubernetesApi.NamespacesPath;

    [Fact]
    public async Task RunAsync_Bookmark_AdvancesTheResourceVersion()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Apply(Namespace("team-a"));
        using var client = api.CreateClient();
        var log = new RecordingLogger<ResourceCacheTests>();
        var cache = NamespaceCache(client, ClusterSourceHarness.TestOptions(), log);
        using var stop = new CancellationTokenSource();
        var run = cache.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => api.OpenWatches(NamespacesPath) == 1, "the Namespace watch");
        var listed = cache.ResourceVersion;

        // A change to another kind moves the server's version on; only the bookmark tells the Namespace watch.
        api.Apply(ServiceAccount("team-a", "app"));
        api.SendBookmarks();

        await Eventually.TrueAsync(() => cache.ResourceVersion == api.CurrentVersion(), "the bookmark's resource version");
        Assert.NotEqual(listed, cache.ResourceVersion);
        Assert.True(cache.TryGet(ObjectKey.Cluster("team-a"), out _));
        Assert.Equal(1, api.Requests(NamespacesPath));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsPromptlyEvenWhileBackingOff()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Health = FakeKubernetesApiHealth.Unavailable;
        using var client = api.CreateClient();
        var options = new KubernetesClusterOptions
        {
            InitialBackoff = TimeSpan.FromMinutes(5),
            MaxBackoff = TimeSpan.FromMinutes(5),
        };
        var cache = NamespaceCache(client, options, new RecordingLogger<ResourceCacheTests>());
        using var stop = new CancellationTokenSource();
        var run = cache.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => api.Requests(NamespacesPath) == 1, "the first list");

        await stop.CancelAsync();

        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(cache.IsSynced);
    }

    [Fact]
    public async Task RunAsync_WatchStatusOtherThanGone_BacksOffAndRelists()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Apply(Namespace("team-a"));
        using var client = api.CreateClient();
        var log = new RecordingLogger<ResourceCacheTests>();
        var cache = NamespaceCache(client, ClusterSourceHarness.TestOptions(), log);
        using var stop = new CancellationTokenSource();
        var run = cache.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => api.OpenWatches(NamespacesPath) == 1, "the Namespace watch");

        api.FailWatches();

        await Eventually.TrueAsync(() => api.Requests(NamespacesPath) >= 2, "a relist after the failed watch");
        var reconnect = Assert.Single(log.Entries, e => e.Id.Name == "WatchReconnecting");
        Assert.IsType<KubernetesWatchException>(reconnect.Exception);
        Assert.Contains("500", reconnect.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_WatchOpenPastItsTimeout_IsDroppedAndRelisted()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.HonoursWatchTimeout = false;
        using var client = api.CreateClient();
        var log = new RecordingLogger<ResourceCacheTests>();
        var options = ClusterSourceHarness.TestOptions();
        options.WatchTimeout = TimeSpan.FromSeconds(1);
        options.StalledWatchGrace = TimeSpan.FromMilliseconds(100);
        var cache = NamespaceCache(client, options, log);
        using var stop = new CancellationTokenSource();

        var run = cache.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => log.Count("WatchStalled") >= 1, "the stalled watch to be dropped");
        await Eventually.TrueAsync(() => api.Requests(NamespacesPath) >= 2, "a relist after the stalled watch");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static ResourceCache<NamespaceObject> NamespaceCache(
        IKubernetes client,
        KubernetesClusterOptions options,
        ILogger log) =>
        new(new NamespaceResource(client), options, TimeProvider.System, log, () => { });
}

using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecretInjector.Cluster;
using SecretInjector.Cluster.Kubernetes;
using SecretInjector.Tests.TestSupport;
using static SecretInjector.Tests.TestSupport.FakeKubernetesApiObjects;

namespace SecretInjector.Tests.Cluster;

[Collection(SerialClusterWatches.Name)]
public sealed class KubernetesClusterSourceTests
{
    private const string RoleArn = "eks.amazonaws.com/role-arn";
    private const string Label = "secret-injector";
    private const string ServiceAccountsPath = FakeKubernetesApi.ServiceAccountsPath;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task RunAsync_FirstList_SyncsAndAnswersFromTheCache()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(Seed);
        Assert.False(harness.Source.IsSynced);

        await harness.WaitForSyncAsync();
        var view = await harness.ViewAsync("team-a", "app", "aws-secrets");

        var ns = view.Namespace("team-a");
        Assert.Equal(LookupStatus.Found, ns.Status);
        Assert.Equal("enabled", ns.Value!.Labels[Label]);
        var sa = view.ServiceAccount("team-a", "app");
        Assert.Equal(LookupStatus.Found, sa.Status);
        Assert.Equal("arn:aws:iam::111122223333:role/app", sa.Value!.Annotations[RoleArn]);
        var spc = view.SecretProviderClass("team-a", "aws-secrets");
        Assert.Equal(LookupStatus.Found, spc.Status);
        Assert.Equal("aws", spc.Value!.Provider);
        Assert.Equal("true", spc.Value.Parameters["usePodIdentity"]);
        Assert.Equal(0, harness.Api.Requests(NamespacePath("team-a")));
        Assert.Equal(0, harness.Api.Requests(ServiceAccountPath("team-a", "app")));
        Assert.Equal(0, harness.Api.Requests(SecretProviderClassPath("team-a", "aws-secrets")));
    }

    [Fact]
    public async Task ViewForAsync_ObjectAddedAfterSync_IsAnsweredFromTheCache()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(Seed);
        await harness.WaitForSyncAsync();

        harness.Api.Apply(ServiceAccount("team-a", "late", new Dictionary<string, string> { [RoleArn] = "arn:late" }));

        // Found without a direct GET during the lookup: the watch brought it into the cache.
        var path = ServiceAccountPath("team-a", "late");
        await Eventually.MatchesAsync(
            async () =>
            {
                var before = harness.Api.Requests(path);
                var lookup = (await harness.ViewAsync("team-a", "late")).ServiceAccount("team-a", "late");
                return (lookup.Status, Direct: harness.Api.Requests(path) - before);
            },
            r => r is { Status: LookupStatus.Found, Direct: 0 },
            "the added ServiceAccount to reach the cache");
    }

    [Fact]
    public async Task ViewForAsync_ObjectChangedAfterSync_SeesTheChange()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(Seed);
        await harness.WaitForSyncAsync();

        harness.Api.Apply(Namespace("team-a", new Dictionary<string, string> { [Label] = "disabled" }));

        await Eventually.MatchesAsync(
            async () => (await harness.ViewAsync("team-a", "app")).Namespace("team-a").Value?.Labels[Label],
            label => label == "disabled",
            "the changed Namespace label");
    }

    [Fact]
    public async Task ViewForAsync_ObjectDeletedAfterSync_IsNotFound()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(Seed);
        await harness.WaitForSyncAsync();

        harness.Api.Delete("SecretProviderClass", "team-a", "aws-secrets");

        await Eventually.MatchesAsync(
            async () => (await harness.ViewAsync("team-a", "app", "aws-secrets"))
                .SecretProviderClass("team-a", "aws-secrets").Status,
            status => status == LookupStatus.NotFound,
            "the deleted SecretProviderClass to be gone");
    }

    [Fact]
    public async Task RunAsync_WatchStreamClosed_RelistsAndLaterEventsArrive()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(Seed);
        await harness.WaitForSyncAsync();
        await WaitForWatchesAsync(harness.Api);

        harness.Api.CloseWatches();
        await Eventually.TrueAsync(
            () => harness.Api.WatchRequests(ServiceAccountsPath) >= 2 && harness.Api.OpenWatches(ServiceAccountsPath) == 1,
            "a new ServiceAccount watch");
        harness.Api.Apply(ServiceAccount("team-a", "app", new Dictionary<string, string> { [RoleArn] = "arn:changed" }));

        await Eventually.MatchesAsync(
            async () => (await harness.ViewAsync("team-a", "app"))
                .ServiceAccount("team-a", "app").Value?.Annotations[RoleArn],
            arn => arn == "arn:changed",
            "the change made after the reconnect");
        Assert.True(harness.Api.Requests(ServiceAccountsPath) >= 2, "a closed stream is followed by a relist");
        Assert.True(harness.Log.Count("RelistingClosed") >= 3, string.Join("\n", harness.Log.Entries));
        Assert.Equal(0, harness.Log.Count("WatchReconnecting"));
    }

    [Fact]
    public async Task RunAsync_WatchExpired_RelistsAndPicksUpMissedChanges()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(Seed);
        await harness.WaitForSyncAsync();
        await WaitForWatchesAsync(harness.Api);
        var lists = harness.Api.Requests(FakeKubernetesApi.NamespacesPath);

        // Changes no watch hears of: only a relist can find them.
        harness.Api.Apply(Namespace("team-a", new Dictionary<string, string> { [Label] = "disabled" }), notify: false);
        harness.Api.Delete("ServiceAccount", "team-a", "app", notify: false);
        harness.Api.ExpireWatches();

        // Only a relist after 410 can find the change. When the whole suite shares two cores, a watch opened just as
        // the 410 went out can miss it; the API server would answer that watch with 410 too, so the probe repeats
        // the expiry every few seconds rather than wait on one delivery.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.MatchesAsync(
            async () =>
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(5))
                {
                    harness.Api.ExpireWatches();
                    clock.Restart();
                }

                return (await harness.ViewAsync("team-a", "app")).Namespace("team-a").Value?.Labels[Label];
            },
            label => label == "disabled",
            "the missed Namespace change after 410 Gone",
            TimeSpan.FromSeconds(30));
        Assert.True(harness.Api.Requests(FakeKubernetesApi.NamespacesPath) > lists, "410 Gone is followed by a relist");
        Assert.Contains(
            harness.Log.Entries,
            e => e.Id.Name == "RelistingExpired" && e.Message.Contains("Namespace", StringComparison.Ordinal));
        // Each kind relists on its own watch's 410: the ServiceAccount relist may come a moment after the Namespace one.
        await Eventually.MatchesAsync(
            async () => (await harness.ViewAsync("team-a", "app")).ServiceAccount("team-a", "app").Status,
            status => status == LookupStatus.NotFound,
            "the missed ServiceAccount deletion after 410 Gone",
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RunAsync_FirstWatchesAnswerGone_RelistsEveryKindAndKeepsWatching()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(api =>
        {
            Seed(api);
            api.ExpireNextWatches(3);
        });

        await harness.WaitForSyncAsync();
        await Eventually.TrueAsync(
            () => harness.Api.Requests(FakeKubernetesApi.NamespacesPath) >= 2
                && harness.Api.Requests(ServiceAccountsPath) >= 2
                && harness.Api.Requests(FakeKubernetesApi.SecretProviderClassesPath) >= 2,
            "a relist of every kind");
        harness.Api.Apply(Namespace("team-b"));

        await Eventually.MatchesAsync(
            async () => (await harness.ViewAsync("team-b", "default")).Namespace("team-b").Status,
            status => status == LookupStatus.Found,
            "a Namespace added after the relist");
    }

    [Theory]
    [InlineData(FakeKubernetesApiHealth.Dropping)]
    [InlineData(FakeKubernetesApiHealth.Unavailable)]
    public async Task ViewForAsync_ApiServerDown_UncachedObjectIsUnavailableQuickly(FakeKubernetesApiHealth health)
    {
        await using var harness = await ClusterSourceHarness.StartAsync(Seed);
        await harness.WaitForSyncAsync();
        harness.Api.Health = health;

        var clock = Stopwatch.StartNew();
        var view = await harness.ViewAsync("team-a", "not-cached").AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        clock.Stop();

        var sa = view.ServiceAccount("team-a", "not-cached");
        Assert.Equal(LookupStatus.Unavailable, sa.Status);
        Assert.Contains("ServiceAccount team-a/not-cached", sa.Problem, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < HangGuard, $"took {clock.Elapsed}");
        Assert.Equal(LookupStatus.Found, view.Namespace("team-a").Status);
        await Eventually.TrueAsync(() => harness.Log.Count("WatchReconnecting") >= 2, "reconnect attempts while down");
        harness.Api.Health = FakeKubernetesApiHealth.Healthy;
        harness.Api.Apply(ServiceAccount("team-a", "not-cached"));
        await Eventually.MatchesAsync(
            async () => (await harness.ViewAsync("team-a", "not-cached")).ServiceAccount("team-a", "not-cached").Status,
            status => status == LookupStatus.Found,
            "the ServiceAccount once the server is back");
    }

    [Fact]
    public async Task ViewForAsync_ApiServerGone_IsUnavailableQuickly()
    {
        var api = await FakeKubernetesApi.StartAsync();
        using var client = api.CreateClient();
        await api.DisposeAsync();
        var source = new KubernetesClusterSource(
            client,
            Options.Create(ClusterSourceHarness.TestOptions()),
            TimeProvider.System,
            NullLogger<KubernetesClusterSource>.Instance);

        var clock = Stopwatch.StartNew();
        var view = await source.ViewForAsync("team-a", "app", "aws-secrets", CancellationToken.None)
            .AsTask()
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(clock.Elapsed < HangGuard, $"took {clock.Elapsed}");
        Assert.False(source.IsSynced);
        Assert.Equal(LookupStatus.Unavailable, view.Namespace("team-a").Status);
        Assert.Equal(LookupStatus.Unavailable, view.ServiceAccount("team-a", "app").Status);
        Assert.Equal(LookupStatus.Unavailable, view.SecretProviderClass("team-a", "aws-secrets").Status);
    }

    [Fact]
    public async Task ViewForAsync_ApiServerSlowerThanDeadline_IsUnavailableAtTheDeadline()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(api =>
        {
            Seed(api);
            api.ResponseDelay = TimeSpan.FromSeconds(30);
        });

        var clock = Stopwatch.StartNew();
        var view = await harness.ViewAsync("team-a", "app").AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        clock.Stop();

        var ns = view.Namespace("team-a");
        Assert.Equal(LookupStatus.Unavailable, ns.Status);
        Assert.Contains("did not answer within 2 s", ns.Problem, StringComparison.Ordinal);
        Assert.Equal(LookupStatus.Unavailable, view.ServiceAccount("team-a", "app").Status);
        Assert.True(clock.Elapsed < HangGuard, $"took {clock.Elapsed}");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"gave up early, after {clock.Elapsed}");
    }

    [Fact]
    public async Task ViewForAsync_CacheMiss_MakesOneDirectGetPerMissingObject()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(Seed);
        await harness.WaitForSyncAsync();

        var view = await harness.ViewAsync("team-z", "ghost", "nothing");

        Assert.Equal(LookupStatus.NotFound, view.Namespace("team-z").Status);
        Assert.Equal(LookupStatus.NotFound, view.ServiceAccount("team-z", "ghost").Status);
        Assert.Equal(LookupStatus.NotFound, view.SecretProviderClass("team-z", "nothing").Status);
        Assert.Equal(1, harness.Api.Requests(NamespacePath("team-z")));
        Assert.Equal(1, harness.Api.Requests(ServiceAccountPath("team-z", "ghost")));
        Assert.Equal(1, harness.Api.Requests(SecretProviderClassPath("team-z", "nothing")));
    }

    [Fact]
    public async Task ViewForAsync_BeforeSync_ReadsDirectly()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(api =>
        {
            Seed(api);
            api.Health = FakeKubernetesApiHealth.Unavailable;
        });
        await Eventually.TrueAsync(() => harness.Api.Requests(FakeKubernetesApi.NamespacesPath) >= 2, "list retries");
        Assert.False(harness.Source.IsSynced);

        harness.Api.Health = FakeKubernetesApiHealth.Healthy;
        var view = await harness.ViewAsync("team-a", "app", "aws-secrets");

        Assert.Equal(LookupStatus.Found, view.Namespace("team-a").Status);
        Assert.Equal(LookupStatus.Found, view.ServiceAccount("team-a", "app").Status);
        Assert.Equal(LookupStatus.Found, view.SecretProviderClass("team-a", "aws-secrets").Status);
        await harness.WaitForSyncAsync();
    }

    [Fact]
    public async Task RunAsync_SecretProviderClassCrdAbsent_StillSyncsAndFindsItOnceInstalled()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(api =>
        {
            Seed(api);
            api.ServesSecretProviderClasses = false;
        });

        await harness.WaitForSyncAsync();
        var before = (await harness.ViewAsync("team-a", "app", "aws-secrets")).SecretProviderClass("team-a", "aws-secrets");
        var notServed = harness.Log.Entries.Where(e => e.Id.Name == "ResourceNotServed").ToList();
        harness.Api.ServesSecretProviderClasses = true;

        Assert.Equal(LookupStatus.NotFound, before.Status);
        var logged = Assert.Single(notServed);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, logged.Level);
        var path = SecretProviderClassPath("team-a", "aws-secrets");
        await Eventually.MatchesAsync(
            async () =>
            {
                var direct = harness.Api.Requests(path);
                var view = await harness.ViewAsync("team-a", "app", "aws-secrets");
                var lookup = view.SecretProviderClass("team-a", "aws-secrets");
                return (lookup.Status, Direct: harness.Api.Requests(path) - direct);
            },
            r => r is { Status: LookupStatus.Found, Direct: 0 },
            "the SecretProviderClass cache to fill once the CRD is served");
        Assert.Equal(1, harness.Log.Count("ResourceServed"));
    }

    [Fact]
    public async Task ViewForAsync_NoSecretProviderClassAsked_MakesNoSecretProviderClassRequest()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(Seed);
        await harness.WaitForSyncAsync();

        var view = await harness.ViewAsync("team-a", "app");

        Assert.Equal(LookupStatus.Found, view.ServiceAccount("team-a", "app").Status);
        Assert.Equal(LookupStatus.Unavailable, view.SecretProviderClass("team-a", "other").Status);
        Assert.Equal(0, harness.Api.Requests(SecretProviderClassPath("team-a", "other")));
    }

    [Fact]
    public async Task ViewForAsync_CallerCancels_Throws()
    {
        await using var harness = await ClusterSourceHarness.StartAsync(api => api.ResponseDelay = TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var call = harness.Source.ViewForAsync("team-a", "app", null, cts.Token).AsTask();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    internal static void Seed(FakeKubernetesApi api)
    {
        api.Apply(Namespace("team-a", new Dictionary<string, string> { [Label] = "enabled" }));
        var arn = new Dictionary<string, string> { [RoleArn] = "arn:aws:iam::111122223333:role/app" };
        api.Apply(ServiceAccount("team-a", "app", arn));
        api.Apply(SecretProviderClass("team-a", "aws-secrets", "aws", new Dictionary<string, string>
        {
            ["usePodIdentity"] = "true",
            ["objects"] = "- objectName: db-password\n  objectType: secretsmanager\n",
        }));
    }

    private static Task WaitForWatchesAsync(FakeKubernetesApi api) => Eventually.TrueAsync(
        () => api.OpenWatches(FakeKubernetesApi.NamespacesPath) == 1
            && api.OpenWatches(ServiceAccountsPath) == 1
            && api.OpenWatches(FakeKubernetesApi.SecretProviderClassesPath) == 1,
        "one open watch per kind");

    private static string NamespacePath(string name) => $"/api/v1/namespaces/{name}";

    private static string ServiceAccountPath(string ns, string name) => $"/api/v1/namespaces/{ns}/serviceaccounts/{name}";

    private static string SecretProviderClassPath(string ns, string name) =>
        $"/apis/secrets-store.csi.x-k8s.io/v1/namespaces/{ns}/secretproviderclasses/{name}";
}

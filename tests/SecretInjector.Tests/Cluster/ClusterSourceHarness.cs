using k8s;
using Microsoft.Extensions.Options;
using SecretInjector.Cluster;
using SecretInjector.Cluster.Kubernetes;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Cluster;

/// <summary>
/// A <see cref="FakeKubernetesApi"/> and a running <see cref="KubernetesClusterSource"/> reading it through the
/// real client.
/// </summary>
internal sealed class ClusterSourceHarness : IAsyncDisposable
{
    private readonly IKubernetes _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private ClusterSourceHarness(FakeKubernetesApi api, KubernetesClusterOptions options)
    {
        Api = api;
        _client = api.CreateClient();
        Source = new KubernetesClusterSource(_client, Options.Create(options), TimeProvider.System, Log);
        _run = Source.RunAsync(_stop.Token);
    }

    public FakeKubernetesApi Api { get; }

    public KubernetesClusterSource Source { get; }

    public RecordingLogger<KubernetesClusterSource> Log { get; } = new();

    /// <summary>Options for tests: short backoff so reconnects happen within a test; the 2 s lookup deadline.</summary>
    public static KubernetesClusterOptions TestOptions() => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        MissingResourceRetryInterval = TimeSpan.FromMilliseconds(200),
    };

    public static async Task<ClusterSourceHarness> StartAsync(
        Action<FakeKubernetesApi>? arrange = null,
        KubernetesClusterOptions? options = null)
    {
        var api = await FakeKubernetesApi.StartAsync();
        arrange?.Invoke(api);
        return new ClusterSourceHarness(api, options ?? TestOptions());
    }

    public Task WaitForSyncAsync() => Eventually.TrueAsync(() => Source.IsSynced, "the cluster source to sync");

    public ValueTask<IClusterView> ViewAsync(string ns, string serviceAccount, string? secretProviderClass = null) =>
        Source.ViewForAsync(ns, serviceAccount, secretProviderClass, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        _client.Dispose();
        await Api.DisposeAsync();
    }
}

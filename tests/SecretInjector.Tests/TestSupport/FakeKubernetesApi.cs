using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// A small Kubernetes API server on Kestrel at 127.0.0.1, for the real KubernetesClient: list, watch and get of
/// Namespaces, ServiceAccounts and SecretProviderClasses, in the API server's JSON. Tests change objects (which
/// open watches see), close or expire watches, slow the server down or take it away, and count requests.
/// </summary>
/// <remarks>
/// Every change gets the next resource version and goes into an event log, so a watch from version N first
/// replays what came after N, as the real server does. Paths and formats match <c>shared/acceptance/fakekube.py</c>.
/// </remarks>
internal sealed partial class FakeKubernetesApi : IAsyncDisposable
{
    public const string NamespacesPath = "/api/v1/namespaces";
    public const string ServiceAccountsPath = "/api/v1/serviceaccounts";
    public const string SecretProviderClassesPath = "/apis/secrets-store.csi.x-k8s.io/v1/secretproviderclasses";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<(string Namespace, string Name), JsonObject>> _objects = new()
    {
        [Plural.Namespaces] = [],
        [Plural.ServiceAccounts] = [],
        [Plural.SecretProviderClasses] = [],
    };

    private readonly List<(long Version, string Plural, string Type, JsonObject Object)> _events = [];
    private readonly List<OpenWatch> _watches = [];
    private readonly Dictionary<string, int> _requests = [];
    private readonly WebApplication _app;
    private long _resourceVersion = 100;
    private int _goneWatches;

    private FakeKubernetesApi(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>False answers 404 under the SecretProviderClass group, as a cluster without the CSI driver's CRD.</summary>
    public bool ServesSecretProviderClasses { get; set; } = true;

    /// <summary>Anything but healthy also ends the open watches, as an outage drops their connections.</summary>
    public FakeKubernetesApiHealth Health
    {
        get;
        set
        {
            field = value;
            if (value != FakeKubernetesApiHealth.Healthy)
                CloseWatches();
        }
    }

    /// <summary>False keeps watches open past their <c>timeoutSeconds</c>, as a connection that died silently.</summary>
    public bool HonoursWatchTimeout { get; set; } = true;

    /// <summary>A pause before every answer (watches included).</summary>
    public TimeSpan ResponseDelay { get; set; }

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeKubernetesApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Address = new Uri(address);
        return fake;
    }

    /// <summary>A real client pointed at this server over plain HTTP.</summary>
    public IKubernetes CreateClient() =>
        new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Address.ToString() });

    /// <summary>
    /// Adds or replaces an object. With <paramref name="notify"/> false no watch hears of it, as a missed event.
    /// </summary>
    public void Apply(JsonObject obj, bool notify = true)
    {
        var copy = obj.DeepClone().AsObject();
        var plural = Plural.Of((string)copy["kind"]!);
        var key = KeyOf(copy);
        lock (_gate)
        {
            copy["metadata"]!["resourceVersion"] = NextVersion();
            var type = _objects[plural].ContainsKey(key) ? "MODIFIED" : "ADDED";
            _objects[plural][key] = copy;
            if (notify)
                Publish(plural, type, copy);
        }
    }

    public void Delete(string kind, string? ns, string name, bool notify = true)
    {
        var plural = Plural.Of(kind);
        lock (_gate)
        {
            if (!_objects[plural].Remove((ns ?? string.Empty, name), out var removed))
                return;
            var tombstone = removed.DeepClone().AsObject();
            tombstone["metadata"]!["resourceVersion"] = NextVersion();
            if (notify)
                Publish(plural, "DELETED", tombstone);
        }
    }

    /// <summary>Ends every open watch stream cleanly, as the server does after <c>timeoutSeconds</c>.</summary>
    public void CloseWatches()
    {
        lock (_gate)
        {
            foreach (var watch in _watches)
                watch.Lines.Writer.TryComplete();
        }
    }

    /// <summary>Sends an ERROR event with a 410 Gone Status on every open watch, then ends them.</summary>
    public void ExpireWatches()
    {
        lock (_gate)
        {
            foreach (var watch in _watches)
            {
                watch.Lines.Writer.TryWrite(GoneEvent());
                watch.Lines.Writer.TryComplete();
            }
        }
    }

    /// <summary>Sends an ERROR event with a 500 Status on every open watch, then ends them.</summary>
    public void FailWatches()
    {
        lock (_gate)
        {
            foreach (var watch in _watches)
            {
                var status = Status(HttpStatusCode.InternalServerError, "InternalError", "etcd is unhappy");
                watch.Lines.Writer.TryWrite(EventLine("ERROR", status));
                watch.Lines.Writer.TryComplete();
            }
        }
    }

    /// <summary>Answers the next <paramref name="count"/> watch requests with a 410 Gone ERROR event and an end.</summary>
    public void ExpireNextWatches(int count = 1) => Interlocked.Add(ref _goneWatches, count);

    /// <summary>Sends a BOOKMARK with the current resource version on every watch that asked for bookmarks.</summary>
    public void SendBookmarks()
    {
        lock (_gate)
        {
            foreach (var watch in _watches.Where(w => w.Bookmarks))
            {
                var bookmark = new JsonObject
                {
                    ["kind"] = Plural.KindOf(watch.Plural),
                    ["apiVersion"] = Plural.ApiVersionOf(watch.Plural),
                    ["metadata"] = new JsonObject { ["resourceVersion"] = CurrentVersion() },
                };
                watch.Lines.Writer.TryWrite(EventLine("BOOKMARK", bookmark));
            }
        }
    }

    /// <summary>Watch streams open now on <paramref name="path"/>, a list path like <see cref="NamespacesPath"/>.</summary>
    public int OpenWatches(string path)
    {
        lock (_gate)
            return _watches.Count(w => w.Path == path);
    }

    /// <summary>How many plain (non-watch) requests reached <paramref name="path"/>.</summary>
    public int Requests(string path) => Count(path);

    /// <summary>How many watch requests reached <paramref name="path"/>.</summary>
    public int WatchRequests(string path) => Count("watch " + path);

    public string CurrentVersion()
    {
        lock (_gate)
            return _resourceVersion.ToString(CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        CloseWatches();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }

    private string NextVersion() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private void Publish(string plural, string type, JsonObject obj)
    {
        var version = long.Parse((string)obj["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
        _events.Add((version, plural, type, obj));
        foreach (var watch in _watches.Where(w => w.Plural == plural))
            watch.Lines.Writer.TryWrite(EventLine(type, obj));
    }

    private int Count(string key)
    {
        lock (_gate)
            return _requests.GetValueOrDefault(key);
    }

    private static (string, string) KeyOf(JsonObject obj) =>
        ((string?)obj["metadata"]!["namespace"] ?? string.Empty, (string)obj["metadata"]!["name"]!);

    private static string EventLine(string type, JsonNode obj) =>
        new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString();

    private static string GoneEvent() =>
        EventLine("ERROR", Status(HttpStatusCode.Gone, "Expired", "too old resource version"));

    private static JsonObject Status(HttpStatusCode code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = (int)code,
    };

    private sealed record OpenWatch(string Path, string Plural, bool Bookmarks, Channel<string> Lines);
}

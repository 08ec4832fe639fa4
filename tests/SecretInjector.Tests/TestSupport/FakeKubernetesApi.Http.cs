using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace SecretInjector.Tests.TestSupport;

/// <summary>The HTTP side of <see cref="FakeKubernetesApi"/>: routing, list, get and watch.</summary>
internal sealed partial class FakeKubernetesApi
{
    private const string SecretProviderClassPrefix = "/apis/secrets-store.csi.x-k8s.io/v1";

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var watch = context.Request.Query["watch"].ToString() is "true" or "1";
        lock (_gate)
            _requests[watch ? "watch " + path : path] = _requests.GetValueOrDefault(watch ? "watch " + path : path) + 1;

        if (ResponseDelay > TimeSpan.Zero)
            await Task.Delay(ResponseDelay, context.RequestAborted);

        switch (Health)
        {
            case FakeKubernetesApiHealth.Dropping:
                context.Abort();
                return;
            case FakeKubernetesApiHealth.Unavailable:
                await WriteStatusAsync(context, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "shutting down");
                return;
        }

        var route = Route(path);
        if (route is null || (route.Value.Plural == Plural.SecretProviderClasses && !ServesSecretProviderClasses))
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", "could not find the requested resource");
            return;
        }

        var (plural, ns, name) = route.Value;
        if (watch)
            await WatchAsync(context, path, plural, context.RequestAborted);
        else if (name is null)
            await WriteAsync(context, HttpStatusCode.OK, List(plural));
        else
            await GetAsync(context, plural, ns, name);
    }

    private async Task GetAsync(HttpContext context, string plural, string? ns, string name)
    {
        JsonObject? found;
        lock (_gate)
            found = _objects[plural].GetValueOrDefault((ns ?? string.Empty, name))?.DeepClone().AsObject();
        if (found is null)
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", $"{plural} \"{name}\" not found");
        else
            await WriteAsync(context, HttpStatusCode.OK, found);
    }

    private JsonObject List(string plural)
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["kind"] = Plural.KindOf(plural) + "List",
                ["apiVersion"] = Plural.ApiVersionOf(plural),
                ["metadata"] = new JsonObject { ["resourceVersion"] = CurrentVersion() },
                ["items"] = new JsonArray([.. _objects[plural].Values.Select(o => o.DeepClone())]),
            };
        }
    }

    private async Task WatchAsync(HttpContext context, string path, string plural, CancellationToken aborted)
    {
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(aborted);
        if (TakeGoneWatch())
        {
            await WriteLineAsync(context, GoneEvent(), aborted);
            return;
        }

        var watch = Subscribe(context, path, plural);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var query = context.Request.Query;
        if (HonoursWatchTimeout && int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds))
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            await foreach (var line in watch.Lines.Reader.ReadAllAsync(timeout.Token))
                await WriteLineAsync(context, line, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away or timeoutSeconds passed: the stream just ends.
        }
        finally
        {
            lock (_gate)
                _watches.Remove(watch);
        }
    }

    private bool TakeGoneWatch()
    {
        for (var left = Volatile.Read(ref _goneWatches); left > 0; left = Volatile.Read(ref _goneWatches))
        {
            if (Interlocked.CompareExchange(ref _goneWatches, left - 1, left) == left)
                return true;
        }

        return false;
    }

    // Registers the watch and queues what happened after the requested version, in one step under the lock.
    private OpenWatch Subscribe(HttpContext context, string path, string plural)
    {
        var requested = context.Request.Query["resourceVersion"];
        var since = long.TryParse(requested, CultureInfo.InvariantCulture, out var v) ? v : long.MaxValue;
        var bookmarks = context.Request.Query["allowWatchBookmarks"].ToString() is "true" or "1";
        var watch = new OpenWatch(path, plural, bookmarks, Channel.CreateUnbounded<string>());
        lock (_gate)
        {
            foreach (var e in _events.Where(e => e.Plural == plural && e.Version > since))
                watch.Lines.Writer.TryWrite(EventLine(e.Type, e.Object));
            _watches.Add(watch);
        }

        return watch;
    }

    private static async Task WriteLineAsync(HttpContext context, string line, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static Task WriteStatusAsync(HttpContext context, HttpStatusCode code, string reason, string message) =>
        WriteAsync(context, code, Status(code, reason, message));

    private static async Task WriteAsync(HttpContext context, HttpStatusCode code, JsonObject body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>(plural, namespace, name) for the paths served; null for anything else.</summary>
    private static (string Plural, string? Namespace, string? Name)? Route(string path)
    {
        var prefix = path.StartsWith(SecretProviderClassPrefix + "/", StringComparison.Ordinal)
            ? SecretProviderClassPrefix
            : "/api/v1";
        if (!path.StartsWith(prefix + "/", StringComparison.Ordinal))
            return null;
        var s = path[(prefix.Length + 1)..].Split('/');
        return (prefix, s) switch
        {
            ("/api/v1", [Plural.Namespaces]) => (Plural.Namespaces, null, null),
            ("/api/v1", [Plural.Namespaces, var name]) => (Plural.Namespaces, null, name),
            ("/api/v1", [Plural.ServiceAccounts]) => (Plural.ServiceAccounts, null, null),
            ("/api/v1", ["namespaces", var ns, Plural.ServiceAccounts, var name]) => (Plural.ServiceAccounts, ns, name),
            (SecretProviderClassPrefix, [Plural.SecretProviderClasses]) => (Plural.SecretProviderClasses, null, null),
            (SecretProviderClassPrefix, ["namespaces", var ns, Plural.SecretProviderClasses, var name]) =>
                (Plural.SecretProviderClasses, ns, name),
            _ => null,
        };
    }

    private static class Plural
    {
        public const string Namespaces = "namespaces";
        public const string ServiceAccounts = "serviceaccounts";
        public const string SecretProviderClasses = "secretproviderclasses";

        public static string Of(string kind) => kind switch
        {
            "Namespace" => Namespaces,
            "ServiceAccount" => ServiceAccounts,
            "SecretProviderClass" => SecretProviderClasses,
            _ => throw new ArgumentException($"The fake API server does not serve {kind}.", nameof(kind)),
        };

        public static string KindOf(string plural) => plural switch
        {
            Namespaces => "Namespace",
            ServiceAccounts => "ServiceAccount",
            _ => "SecretProviderClass",
        };

        public static string ApiVersionOf(string plural) =>
            plural == SecretProviderClasses ? "secrets-store.csi.x-k8s.io/v1" : "v1";
    }
}

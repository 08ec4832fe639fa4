using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using k8s;
using Microsoft.Extensions.Logging;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>
/// An in-memory copy of one kind, kept by list-then-watch: list and replace everything, watch from the list's
/// resource version and apply each event, and relist when the watch ends (closed stream or 410 Gone). Failures
/// reconnect after an exponential, jittered delay. One loop writes; readers see immutable snapshots.
/// </summary>
internal sealed class ResourceCache<T>
    where T : class
{
    // A watch that ends sooner than this without an event is treated as a failure, so a server that closes
    // every watch at once gets backoff instead of a tight list/watch loop.
    private static readonly TimeSpan HealthyWatch = TimeSpan.FromSeconds(1);

    private readonly KubernetesClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _onSynced;
    private ImmutableDictionary<ObjectKey, T> _objects = ImmutableDictionary<ObjectKey, T>.Empty;
    private volatile bool _isSynced;
    private volatile string _resourceVersion = string.Empty;
    private bool _missing;

    public ResourceCache(
        IWatchedResource<T> resource,
        KubernetesClusterOptions options,
        TimeProvider time,
        ILogger logger,
        Action onSynced)
    {
        Resource = resource;
        _options = options;
        _time = time;
        _logger = logger;
        _onSynced = onSynced;
    }

    public IWatchedResource<T> Resource { get; }

    public string Kind => Resource.Kind;

    /// <summary>True once the first list completed (or the API server said it does not serve this kind).</summary>
    public bool IsSynced => _isSynced;

    /// <summary>The resource version of the last list, event or bookmark seen.</summary>
    public string ResourceVersion => _resourceVersion;

    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T value) =>
        Volatile.Read(ref _objects).TryGetValue(key, out value);

    /// <summary>Runs the list/watch loop until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                pause = await ListAndWatchAsync(backoff, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (KubernetesErrors.IsNotFound(e))
            {
                MarkMissing();
                pause = _options.MissingResourceRetryInterval;
            }
            catch (Exception e)
            {
                pause = backoff.Next();
                ClusterCacheLog.Reconnecting(_logger, Kind, backoff.Attempt, pause, KubernetesErrors.Describe(e), e);
            }

            if (!await DelayAsync(pause, cancellationToken).ConfigureAwait(false))
                return;
        }
    }

    /// <summary>Lists, then watches until the stream ends; returns the pause before the next list.</summary>
    private async Task<TimeSpan> ListAndWatchAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        var list = await Resource.ListAsync(cancellationToken).ConfigureAwait(false);
        Replace(list);

        var started = _time.GetTimestamp();
        var (end, events) = await WatchAsync(list.ResourceVersion, cancellationToken).ConfigureAwait(false);
        var healthy = events > 0 || _time.GetElapsedTime(started) >= HealthyWatch;

        if (end == WatchEnd.Expired)
            ClusterCacheLog.RelistingExpired(_logger, Kind, list.ResourceVersion);
        else
            ClusterCacheLog.RelistingClosed(_logger, Kind, events);

        if (!healthy)
            return backoff.Next();
        backoff.Reset();
        return TimeSpan.Zero;
    }

    private async Task<(WatchEnd End, int Events)> WatchAsync(
        string resourceVersion,
        CancellationToken cancellationToken)
    {
        // The server ends the watch after timeoutSeconds. A stream still open well past that sits on a dead
        // connection that no FIN reached us from: give up on it rather than serve a frozen cache.
        var timeoutSeconds = WatchTimeoutSeconds();
        var stallAfter = TimeSpan.FromSeconds(timeoutSeconds) + _options.StalledWatchGrace;
        using var stalled = new CancellationTokenSource(stallAfter, _time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stalled.Token);
        Exception? streamError = null;

        // The client reports a Status in the stream (410 Gone and the like) through this callback and goes on
        // reading; stop it here so the loop can relist or back off.
        void OnError(Exception e)
        {
            streamError ??= e;
            stop.Cancel();
        }

        var events = 0;
        try
        {
            await foreach (var e in Resource.WatchAsync(resourceVersion, timeoutSeconds, OnError, stop.Token)
                .ConfigureAwait(false))
            {
                events++;
                Apply(e);
            }
        }
        catch (OperationCanceledException)
            when (streamError is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped by OnError; judged below.
        }
        catch (OperationCanceledException)
            when (stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            ClusterCacheLog.WatchStalled(_logger, Kind, timeoutSeconds);
            return (WatchEnd.Closed, events);
        }
        catch (Exception e) when (KubernetesErrors.IsGone(e))
        {
            return (WatchEnd.Expired, events);
        }
        catch (Exception e) when (events == 0 && KubernetesErrors.IsEmptyWatch(e))
        {
            return (WatchEnd.Closed, events);
        }

        if (streamError is null)
            return (WatchEnd.Closed, events);
        if (KubernetesErrors.IsGone(streamError))
            return (WatchEnd.Expired, events);
        throw new KubernetesWatchException(
            $"The {Kind} watch failed: {KubernetesErrors.Describe(streamError)}",
            streamError);
    }

    private void Apply(ResourceEvent<T> e)
    {
        switch (e.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified when e.Value is not null:
                Volatile.Write(ref _objects, _objects.SetItem(e.Key, e.Value));
                break;
            case WatchEventType.Deleted:
                Volatile.Write(ref _objects, _objects.Remove(e.Key));
                break;
            default:
                // Bookmarks carry only a newer resource version.
                break;
        }

        if (!string.IsNullOrEmpty(e.ResourceVersion))
            _resourceVersion = e.ResourceVersion;
    }

    private void Replace(ResourceList<T> list)
    {
        Volatile.Write(ref _objects, ImmutableDictionary<ObjectKey, T>.Empty.SetItems(list.Items));
        _resourceVersion = list.ResourceVersion;
        if (_missing)
        {
            _missing = false;
            ClusterCacheLog.ResourceServed(_logger, Kind);
        }

        MarkSynced(list.Items.Count);
    }

    private void MarkMissing()
    {
        Volatile.Write(ref _objects, ImmutableDictionary<ObjectKey, T>.Empty);
        if (!_missing)
        {
            _missing = true;
            ClusterCacheLog.ResourceNotServed(_logger, Kind, _options.MissingResourceRetryInterval);
        }

        MarkSynced(0);
    }

    private void MarkSynced(int count)
    {
        if (_isSynced)
            return;
        _isSynced = true;
        ClusterCacheLog.CacheSynced(_logger, Kind, count, _resourceVersion);
        _onSynced();
    }

    private int WatchTimeoutSeconds()
    {
        var seconds = Math.Max(1, _options.WatchTimeout.TotalSeconds);
#pragma warning disable CA5394 // Jitter only spreads the three relists apart; it protects nothing.
        return (int)Math.Ceiling(seconds + (Random.Shared.NextDouble() * seconds));
#pragma warning restore CA5394
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
            return true;
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

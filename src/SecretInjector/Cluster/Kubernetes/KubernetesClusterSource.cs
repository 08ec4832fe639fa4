using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>
/// Answers cluster lookups from watch-backed caches of Namespaces, ServiceAccounts and SecretProviderClasses.
/// A cache miss (including before the first sync) costs one direct GET per missing object, all within
/// <see cref="KubernetesClusterOptions.LookupTimeout"/>; an answer that cannot be had in time is
/// <see cref="LookupStatus.Unavailable"/>. <see cref="RunAsync"/> keeps the caches; <see cref="ClusterCacheService"/>
/// runs it in a host.
/// </summary>
public sealed class KubernetesClusterSource : IClusterSource
{
    private readonly KubernetesClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<KubernetesClusterSource> _logger;
    private readonly ResourceCache<NamespaceObject> _namespaces;
    private readonly ResourceCache<ServiceAccountObject> _serviceAccounts;
    private readonly ResourceCache<SecretProviderClassObject> _secretProviderClasses;
    private int _reportedSynced;
    private int _running;

    public KubernetesClusterSource(
        IKubernetes client,
        IOptions<KubernetesClusterOptions> options,
        TimeProvider time,
        ILogger<KubernetesClusterSource> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _namespaces = new(new NamespaceResource(client), _options, time, logger, OnCacheSynced);
        _serviceAccounts = new(new ServiceAccountResource(client), _options, time, logger, OnCacheSynced);
        _secretProviderClasses = new(new SecretProviderClassResource(client), _options, time, logger, OnCacheSynced);
    }

    public bool IsSynced => _namespaces.IsSynced && _serviceAccounts.IsSynced && _secretProviderClasses.IsSynced;

    /// <summary>
    /// Keeps the three caches until <paramref name="cancellationToken"/> is cancelled; failures are retried, not
    /// thrown. Run it once per source.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException("The cluster cache is already running; run it once per source.");

        await Task.WhenAll(
            _namespaces.RunAsync(cancellationToken),
            _serviceAccounts.RunAsync(cancellationToken),
            _secretProviderClasses.RunAsync(cancellationToken)).ConfigureAwait(false);
        ClusterCacheLog.Stopped(_logger);
    }

    public async ValueTask<IClusterView> ViewForAsync(
        string @namespace,
        string serviceAccount,
        string? secretProviderClass,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccount);

        // One deadline for the whole view: the reads run in parallel, and the webhook must answer in time.
        using var deadline = new CancellationTokenSource(_options.LookupTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        var deadlineToken = linked.Token;
        var ns = LookupAsync(_namespaces, ObjectKey.Cluster(@namespace), deadlineToken, cancellationToken);
        var sa = LookupAsync(_serviceAccounts, new(@namespace, serviceAccount), deadlineToken, cancellationToken);
        var spc = secretProviderClass is null
            ? Task.FromResult<Lookup<SecretProviderClassObject>?>(null)
            : LookupOptionalAsync(new(@namespace, secretProviderClass), deadlineToken, cancellationToken);

        return new ClusterSnapshot(
            await ns.ConfigureAwait(false),
            await sa.ConfigureAwait(false),
            await spc.ConfigureAwait(false));
    }

    private async Task<Lookup<SecretProviderClassObject>?> LookupOptionalAsync(
        ObjectKey key,
        CancellationToken deadline,
        CancellationToken cancellationToken) =>
        await LookupAsync(_secretProviderClasses, key, deadline, cancellationToken).ConfigureAwait(false);

    private async Task<Lookup<T>> LookupAsync<T>(
        ResourceCache<T> cache,
        ObjectKey key,
        CancellationToken deadline,
        CancellationToken cancellationToken)
        where T : class
    {
        if (cache.TryGet(key, out var cached))
            return Lookup<T>.Found(cached);

        // What a direct read finds stays out of the cache on purpose: it could race the watch and bring back an
        // object just deleted. The watch delivers new objects shortly after.
        ClusterCacheLog.DirectRead(_logger, cache.Kind, key);
        try
        {
            // WaitAsync too: the client reads an error body without the token, and the deadline must hold regardless.
            var value = await cache.Resource.ReadAsync(key, deadline).WaitAsync(deadline).ConfigureAwait(false);
            return Lookup<T>.Of(value);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ClusterCacheLog.DirectReadTimedOut(_logger, cache.Kind, key, _options.LookupTimeout);
            var seconds = _options.LookupTimeout.TotalSeconds;
            return Lookup<T>.Unavailable(
                $"{cache.Kind} {key} could not be read: the API server did not answer within {seconds:0.###} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var problem = KubernetesErrors.Describe(e);
            ClusterCacheLog.DirectReadFailed(_logger, cache.Kind, key, problem, e);
            return Lookup<T>.Unavailable($"{cache.Kind} {key} could not be read: {problem}");
        }
    }

    private void OnCacheSynced()
    {
        if (IsSynced && Interlocked.Exchange(ref _reportedSynced, 1) == 0)
            ClusterCacheLog.AllSynced(_logger);
    }
}

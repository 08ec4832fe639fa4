namespace SecretInjector.Cluster.Kubernetes;

/// <summary>
/// Tuning of the watch-backed cache of the Kubernetes API. The defaults suit a webhook with a 5 s timeout.
/// </summary>
public sealed class KubernetesClusterOptions
{
    /// <summary>
    /// Deadline for one direct read on a cache miss, for all the reads of one view together. Default 2 s: well
    /// inside the webhook's <c>timeoutSeconds</c> of 5, so a slow API server yields an answer, not a timeout.
    /// </summary>
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>First delay before reconnecting after a failed list or watch. Default 200 ms, doubling.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Ceiling of the reconnect delay. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the API server holds one watch open (<c>timeoutSeconds</c>), before jitter of up to the same
    /// again so the three watches do not relist together. Default 5 minutes.
    /// </summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long past its <c>timeoutSeconds</c> a watch may stay open before the cache drops it as stalled (a dead
    /// connection that never saw a FIN) and relists. Default 30 s.
    /// </summary>
    public TimeSpan StalledWatchGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often to look again for a resource the API server does not serve (the SecretProviderClass CRD of the
    /// Secrets Store CSI driver is not installed). Default 1 minute.
    /// </summary>
    public TimeSpan MissingResourceRetryInterval { get; set; } = TimeSpan.FromMinutes(1);
}

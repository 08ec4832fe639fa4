namespace SecretInjector.Agent;

/// <summary>The parsed command line of <c>fetch</c>.</summary>
/// <param name="OutDirectory">Where the files go (<c>--out</c>).</param>
/// <param name="FileMode">Permission of every file (<c>--file-mode</c>, octal, default <c>0400</c>).</param>
/// <param name="Timeout">Bound on one whole fetch, retries included (<c>--timeout</c>, default 60 s).</param>
/// <param name="RefreshInterval">Re-read period in refresh mode, or null for one fetch (<c>--refresh-interval</c>).</param>
/// <param name="BatchThreshold">Secrets per region from which <c>BatchGetSecretValue</c> is used; 0 never.</param>
/// <param name="Verbose">Log each request made (never a body).</param>
public sealed record FetchSettings(
    string OutDirectory,
    UnixFileMode FileMode,
    TimeSpan Timeout,
    TimeSpan? RefreshInterval,
    int BatchThreshold,
    bool Verbose)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Longest <c>--timeout</c>: the webhook's <c>fetchTimeoutSeconds</c> allows up to an hour as well.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>Longest <c>--refresh-interval</c>, as the webhook's <c>refresh-interval</c> annotation allows.</summary>
    public static readonly TimeSpan MaxRefreshInterval = TimeSpan.FromHours(24);

    /// <summary>Default batch threshold: one batch call pays off from about ten secrets in one pod.</summary>
    public const int DefaultBatchThreshold = 10;
}

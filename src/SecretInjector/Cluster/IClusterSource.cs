namespace SecretInjector.Cluster;

/// <summary>
/// Where cluster objects come from at the edge: a watch-backed cache of the API server, or a file of objects.
/// </summary>
public interface IClusterSource
{
    /// <summary>True once the source has its first complete picture (for a cache: the first list of every kind).</summary>
    bool IsSynced { get; }

    /// <summary>
    /// A view holding what a decision about one pod may ask for: its namespace, its service account and, in csi
    /// mode, its SecretProviderClass. A cache answers from memory and falls back to one direct read with a
    /// deadline on a miss; what cannot be read in time is <see cref="LookupStatus.Unavailable"/>, never a guess.
    /// </summary>
    ValueTask<IClusterView> ViewForAsync(
        string @namespace,
        string serviceAccount,
        string? secretProviderClass,
        CancellationToken cancellationToken);
}

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>How a watch ended without failing; either way the cache relists.</summary>
internal enum WatchEnd
{
    /// <summary>The server closed the stream, typically after <c>timeoutSeconds</c>.</summary>
    Closed,

    /// <summary>The server sent 410 Gone: the resource version is too old to watch from.</summary>
    Expired,
}

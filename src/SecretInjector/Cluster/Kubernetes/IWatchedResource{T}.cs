namespace SecretInjector.Cluster.Kubernetes;

/// <summary>How to list, watch and read one kind through the Kubernetes client, mapped to our small records.</summary>
internal interface IWatchedResource<T>
    where T : class
{
    /// <summary>The kind, for logs and problems: <c>Namespace</c>, <c>ServiceAccount</c>, ...</summary>
    string Kind { get; }

    Task<ResourceList<T>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks. A Status sent in the stream (such as 410
    /// Gone) is not yielded: the client hands it to <paramref name="onError"/> as a
    /// <see cref="k8s.KubernetesException"/>, and so it does with a line it cannot read.
    /// </summary>
    IAsyncEnumerable<ResourceEvent<T>> WatchAsync(
        string resourceVersion,
        int timeoutSeconds,
        Action<Exception> onError,
        CancellationToken cancellationToken);

    /// <summary>One direct GET; null when the API server answers 404.</summary>
    Task<T?> ReadAsync(ObjectKey key, CancellationToken cancellationToken);
}

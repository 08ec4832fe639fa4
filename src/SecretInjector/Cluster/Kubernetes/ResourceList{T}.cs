namespace SecretInjector.Cluster.Kubernetes;

/// <summary>The result of listing a kind: every object by key, and the resource version to watch from.</summary>
internal sealed record ResourceList<T>(IReadOnlyList<KeyValuePair<ObjectKey, T>> Items, string ResourceVersion)
    where T : class;

using k8s;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>One watch event, mapped: <see cref="Value"/> is null for a bookmark and for a deletion.</summary>
internal readonly record struct ResourceEvent<T>(
    WatchEventType Type,
    ObjectKey Key,
    T? Value,
    string? ResourceVersion)
    where T : class;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>A watch stream reported an error other than 410 Gone; the cache backs off and relists.</summary>
public sealed class KubernetesWatchException : Exception
{
    public KubernetesWatchException()
    {
    }

    public KubernetesWatchException(string message)
        : base(message)
    {
    }

    public KubernetesWatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

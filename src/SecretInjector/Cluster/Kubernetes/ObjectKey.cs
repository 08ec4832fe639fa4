namespace SecretInjector.Cluster.Kubernetes;

/// <summary>Identifies one object of a kind; <see cref="Namespace"/> is empty for cluster-scoped kinds.</summary>
internal readonly record struct ObjectKey(string Namespace, string Name)
{
    public static ObjectKey Cluster(string name) => new(string.Empty, name);

    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}

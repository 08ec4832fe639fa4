namespace SecretInjector.Cluster;

/// <summary>What the decision needs of a SecretProviderClass (<c>secrets-store.csi.x-k8s.io</c>).</summary>
/// <param name="Namespace">The namespace it lives in.</param>
/// <param name="Name">Its name.</param>
/// <param name="Provider"><c>spec.provider</c>, e.g. <c>aws</c>; null when absent.</param>
/// <param name="Parameters"><c>spec.parameters</c>: string keys and values, e.g. <c>objects</c> and <c>usePodIdentity</c>.</param>
public sealed record SecretProviderClassObject(
    string Namespace,
    string Name,
    string? Provider,
    IReadOnlyDictionary<string, string> Parameters);

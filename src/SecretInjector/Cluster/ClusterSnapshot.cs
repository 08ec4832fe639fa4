namespace SecretInjector.Cluster;

/// <summary>A fixed set of lookups, answered by a source for one decision.</summary>
public sealed class ClusterSnapshot(
    Lookup<NamespaceObject> ns,
    Lookup<ServiceAccountObject> serviceAccount,
    Lookup<SecretProviderClassObject>? secretProviderClass) : IClusterView
{
    public Lookup<NamespaceObject> Namespace(string name) =>
        ns.Value is null || ns.Value.Name == name ? ns : Lookup<NamespaceObject>.NotFound;

    public Lookup<ServiceAccountObject> ServiceAccount(string @namespace, string name) =>
        serviceAccount.Value is null || (serviceAccount.Value.Namespace == @namespace && serviceAccount.Value.Name == name)
            ? serviceAccount
            : Lookup<ServiceAccountObject>.NotFound;

    public Lookup<SecretProviderClassObject> SecretProviderClass(string @namespace, string name)
    {
        if (secretProviderClass is null)
            return Lookup<SecretProviderClassObject>.Unavailable($"SecretProviderClass {@namespace}/{name} was not looked up");
        return secretProviderClass.Value is null || (secretProviderClass.Value.Namespace == @namespace && secretProviderClass.Value.Name == name)
            ? secretProviderClass
            : Lookup<SecretProviderClassObject>.NotFound;
    }
}

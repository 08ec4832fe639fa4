namespace SecretInjector.Cluster;

/// <summary>
/// A read-only, synchronous view of the cluster objects a decision may need. The decision sees only this:
/// never a Kubernetes client type, never I/O.
/// </summary>
public interface IClusterView
{
    Lookup<NamespaceObject> Namespace(string name);

    Lookup<ServiceAccountObject> ServiceAccount(string @namespace, string name);

    Lookup<SecretProviderClassObject> SecretProviderClass(string @namespace, string name);
}

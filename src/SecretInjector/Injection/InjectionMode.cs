namespace SecretInjector.Injection;

/// <summary>How secrets reach the pod (annotation <c>mode</c>).</summary>
public enum InjectionMode
{
    /// <summary>An init container fetches the secrets into a memory-backed volume.</summary>
    Init,

    /// <summary>A Secrets Store CSI volume served by the AWS provider.</summary>
    Csi,

    /// <summary><see cref="Init"/> plus a sidecar that re-reads the secrets on an interval.</summary>
    Sidecar,
}

using SecretInjector.Contract;

namespace SecretInjector.Injection;

/// <summary>What a pod asks for, read and validated from its annotations.</summary>
/// <param name="Mode">How secrets are delivered.</param>
/// <param name="Secrets">The secrets, in annotation-key order; empty in <c>csi</c> mode.</param>
/// <param name="MountPath">Absolute path of the files in the selected containers.</param>
/// <param name="Containers">Containers named by the <c>containers</c> annotation, or null for every app container.</param>
/// <param name="FileMode">The <c>file-mode</c> annotation, or null when the pod leaves it to the webhook.</param>
/// <param name="SecretProviderClass">The SecretProviderClass of <c>csi</c> mode, else null.</param>
/// <param name="RefreshInterval">How often the <c>sidecar</c> re-reads the secrets.</param>
public sealed record InjectionRequest(
    InjectionMode Mode,
    IReadOnlyList<SecretSpec> Secrets,
    string MountPath,
    IReadOnlyList<string>? Containers,
    int? FileMode,
    string? SecretProviderClass,
    TimeSpan RefreshInterval);

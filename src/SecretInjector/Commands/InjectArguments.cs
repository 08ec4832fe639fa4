namespace SecretInjector.Commands;

/// <summary>The arguments of <c>secret-injector inject</c>.</summary>
/// <param name="File">Manifest path, or <c>-</c> for standard input.</param>
/// <param name="ConfigPath">Optional settings file.</param>
/// <param name="PolicyPath">Optional policy file; with it, pods are checked against policy as the webhook would.</param>
/// <param name="ObjectsPath">Optional file of cluster objects (namespaces, service accounts, SecretProviderClasses).</param>
/// <param name="Namespace">Namespace assumed for documents that name none.</param>
public sealed record InjectArguments(
    string File,
    string? ConfigPath,
    string? PolicyPath,
    string? ObjectsPath,
    string Namespace);

namespace SecretInjector.Hosting;

/// <summary>The arguments of <c>secret-injector serve</c>.</summary>
/// <param name="Urls">Listen addresses, ASP.NET's <c>--urls</c> (semicolon-separated).</param>
/// <param name="TlsCertPath">PEM certificate (chain), required for https addresses.</param>
/// <param name="TlsKeyPath">PEM private key of the certificate.</param>
/// <param name="ConfigPath">Optional settings file (YAML, <see cref="Configuration.InjectorOptions"/>).</param>
/// <param name="PolicyPath">Optional policy file (SPEC §6).</param>
/// <param name="KubeconfigPath">Optional kubeconfig; without it and <paramref name="ObjectsPath"/>, the in-cluster configuration.</param>
/// <param name="ObjectsPath">Optional YAML file of Namespaces, ServiceAccounts and SecretProviderClasses used instead of a cluster.</param>
public sealed record ServeArguments(
    string Urls,
    string? TlsCertPath,
    string? TlsKeyPath,
    string? ConfigPath,
    string? PolicyPath,
    string? KubeconfigPath,
    string? ObjectsPath)
{
    public const string DefaultUrls = "https://0.0.0.0:8443";

    /// <summary>How often the certificate files are re-read.</summary>
    public TimeSpan CertificateCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the policy file is re-read.</summary>
    public TimeSpan PolicyCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long in-flight requests may take to finish after SIGTERM.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

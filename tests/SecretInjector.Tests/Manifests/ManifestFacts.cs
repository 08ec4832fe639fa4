namespace SecretInjector.Tests.Manifests;

/// <summary>The names the install manifests promise (SPEC §2 and the operations guide).</summary>
internal static class ManifestFacts
{
    public const string Namespace = "secret-injector";
    public const string Name = "secret-injector";
    public const string WebhookName = "pods.secret-injector.io";
    public const string OptInLabel = "secret-injector.io/injection";
    public const string TlsSecret = "secret-injector-tls";
    public const string PolicyConfigMap = "secret-injector-policy";
    public const string SettingsConfigMap = "secret-injector-settings";
    public const int ContainerPort = 8443;
    public const int AgentUser = 65532;

    /// <summary>The webhook's own shutdown drain, in seconds (serve's ShutdownTimeout).</summary>
    public const int ShutdownDrainSeconds = 20;
}

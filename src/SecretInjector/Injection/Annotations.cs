namespace SecretInjector.Injection;

/// <summary>The pod annotations of SPEC §3, all under <see cref="Prefix"/>.</summary>
public static class Annotations
{
    public const string Prefix = "secret-injector.io/";
    public const string Inject = Prefix + "inject";
    public const string Mode = Prefix + "mode";
    public const string MountPath = Prefix + "mount-path";
    public const string Containers = Prefix + "containers";
    public const string FileMode = Prefix + "file-mode";
    public const string SecretProviderClass = Prefix + "secret-provider-class";
    public const string RefreshInterval = Prefix + "refresh-interval";

    /// <summary>Written by the webhook; <see cref="InjectedStatus"/> once the pod carries the injected parts.</summary>
    public const string Status = Prefix + "status";

    public const string InjectedStatus = "injected";

    /// <summary>Start of the per-secret annotations after the prefix: <c>secret-&lt;name&gt;</c>.</summary>
    public const string SecretKeyStart = "secret-";

    public const string VersionStageSuffix = "-version-stage";
    public const string VersionIdSuffix = "-version-id";
    public const string FormatSuffix = "-format";

    /// <summary>The namespace label that opts a namespace in (SPEC §2).</summary>
    public const string NamespaceLabel = "secret-injector.io/injection";

    public const string NamespaceLabelValue = "enabled";
}

namespace SecretInjector.Injection;

/// <summary>The values of <see cref="Decision.Reason"/>, used as log fields and metric labels.</summary>
public static class DecisionReasons
{
    public const string Injected = "injected";
    public const string AlreadyInjected = "already-injected";
    public const string NotOptedIn = "not-opted-in";
    public const string NotPodCreate = "not-pod-create";
    public const string NamespaceNotEnabled = "namespace-not-enabled";
    public const string InvalidAnnotations = "invalid-annotations";
    public const string InvalidPod = "invalid-pod";
    public const string Conflict = "conflict";
    public const string NoRule = "no-rule";
    public const string RoleNotAllowed = "role-not-allowed";
    public const string SecretNotAllowed = "secret-not-allowed";
    public const string ServiceAccountMissing = "service-account-missing";
    public const string RoleMissing = "role-missing";
    public const string RoleUnreadable = "role-unreadable";
    public const string NamespaceMissing = "namespace-missing";
    public const string ClusterUnavailable = "cluster-unavailable";
    public const string ProviderClassInvalid = "provider-class-invalid";
}

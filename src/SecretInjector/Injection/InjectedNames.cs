namespace SecretInjector.Injection;

/// <summary>Names of what the webhook adds to a pod (SPEC §4); a pod that already uses one is denied.</summary>
public static class InjectedNames
{
    public const string FetchContainer = "secret-injector-fetch";
    public const string RefreshContainer = "secret-injector-refresh";
    public const string SecretsVolume = "secret-injector-secrets";

    /// <summary>The projected service account token the webhook adds when it wires IRSA itself.</summary>
    public const string TokenVolume = "secret-injector-aws-iam-token";

    /// <summary>The projected EKS Pod Identity token the webhook adds when it wires Pod Identity itself.</summary>
    public const string PodIdentityTokenVolume = "secret-injector-eks-pod-identity-token";

    public const string CsiDriver = "secrets-store.csi.k8s.io";

    public static IReadOnlyList<string> Containers { get; } = [FetchContainer, RefreshContainer];

    public static IReadOnlyList<string> Volumes { get; } = [SecretsVolume, TokenVolume, PodIdentityTokenVolume];
}

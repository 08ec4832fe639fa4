using SecretInjector.Cluster;

namespace SecretInjector.Injection;

/// <summary>
/// The csi mode's checks at admission: the SecretProviderClass exists in the pod's namespace, is for the AWS
/// provider and can be read, so a pod never waits in <c>ContainerCreating</c> on a mount error nobody reads.
/// </summary>
public static class ProviderClassCheck
{
    /// <summary>A denial, or the provider class's objects, <c>usePodIdentity</c> setting and regions.</summary>
    public sealed record Outcome(Decision? Denial, IReadOnlyList<ProviderObject> Objects, bool? UsePodIdentity, IReadOnlyList<string> Regions);

    public static Outcome Run(IClusterView cluster, string @namespace, string providerClass, string subject)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var found = cluster.SecretProviderClass(@namespace, providerClass);
        if (found.Status == LookupStatus.Unavailable)
            return Deny(500, DecisionReasons.ClusterUnavailable, $"{subject}: cannot read SecretProviderClass {@namespace}/{providerClass} from the Kubernetes API ({found.Problem}); the pod is denied rather than admitted unchecked, try again");
        if (found.Value is not { } spc)
            return Deny(400, DecisionReasons.ProviderClassInvalid, $"{subject}: annotation {Annotations.SecretProviderClass}: SecretProviderClass {providerClass} does not exist in namespace {@namespace}; create it first, or the pod would wait in ContainerCreating");

        var read = ProviderClassReader.Read(spc);
        if (read.Problem is { } problem)
            return Deny(400, DecisionReasons.ProviderClassInvalid, $"{subject}: {problem}");
        return new Outcome(null, read.Objects, read.UsePodIdentity, read.Regions);
    }

    /// <summary>
    /// ASCP reads with Pod Identity only when <c>usePodIdentity</c> is <c>"true"</c>, and with IRSA otherwise. A
    /// setting that cannot work with how the service account gets its role is a denial; one that will likely fail
    /// is a warning.
    /// </summary>
    public static (Decision? Denial, string? Warning) CheckIdentity(
        bool? usePodIdentity,
        AccessCheck.Outcome access,
        string providerClass,
        string serviceAccount,
        string subject)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (usePodIdentity == true && access.AssociatedRole is null)
        {
            var why = access.AnnotatedRole is null ? "has no role at all" : $"gets its role {access.AnnotatedRole} through IRSA";
            return (Decision.Deny(400, DecisionReasons.ProviderClassInvalid, $"{subject}: SecretProviderClass {providerClass} sets usePodIdentity: \"true\", but service account {serviceAccount} has no EKS Pod Identity association declared in the policy and {why}; remove usePodIdentity or declare the association"), null);
        }

        if (usePodIdentity != true && access.AnnotatedRole is null && access.AssociatedRole is not null)
            return (null, $"SecretProviderClass {providerClass} does not set usePodIdentity: \"true\", but service account {serviceAccount} gets its role {access.AssociatedRole} through EKS Pod Identity; without it the AWS provider uses IRSA and the mount will fail");
        return (null, null);
    }

    private static Outcome Deny(int code, string reason, string message) =>
        new(Decision.Deny(code, reason, message), [], null, []);
}

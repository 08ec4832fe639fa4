using SecretInjector.Configuration;

namespace SecretInjector.Injection;

/// <summary>
/// What reads the secrets, for the policy to judge beside the service account's role: the regions where bare
/// secret names will resolve, and roles that containers' env name for the agent to copy.
/// </summary>
/// <param name="Regions">Every region a bare name may resolve in; null stands for one the webhook cannot know.</param>
/// <param name="ContainerRoles">IRSA roles in the pod's own env, as (container, role).</param>
/// <param name="UnreadableRoles">Containers whose IRSA <c>AWS_ROLE_ARN</c> is set through <c>valueFrom</c>.</param>
public sealed record AccessTarget(
    IReadOnlyList<string?> Regions,
    IReadOnlyList<(string Container, string Role)> ContainerRoles,
    IReadOnlyList<string>? UnreadableRoles = null)
{
    /// <summary>
    /// The injected agent: it copies an identity a container carries (with that container's region), or, when
    /// none does, gets the webhook's own wiring with the settings' <c>awsRegion</c>.
    /// </summary>
    public static AccessTarget ForAgent(PodView pod, InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var carriers = IdentityCopier.Carriers(pod);
        if (carriers.Count == 0)
            return new AccessTarget([options.AwsRegion.Length > 0 ? options.AwsRegion : null], []);
        var roles = carriers.Where(c => c.RoleArn is not null).Select(c => (c.Container, c.RoleArn!)).ToList();
        var unreadable = carriers.Where(c => c.RoleUnreadable).Select(c => c.Container).ToList();
        return new AccessTarget([.. carriers.Select(c => c.Region).Distinct()], roles, unreadable);
    }

    /// <summary>
    /// The AWS provider of a csi mount: it reads with the service account's role in the SecretProviderClass's
    /// <c>region</c> (and <c>failoverRegion</c>), or the node's region when none is set.
    /// </summary>
    public static AccessTarget ForProvider(IReadOnlyList<string> regions) =>
        new(regions.Count > 0 ? [.. regions] : [null], []);
}

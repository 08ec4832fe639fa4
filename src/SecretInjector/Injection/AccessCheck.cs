using SecretInjector.Cluster;
using SecretInjector.Policy;

namespace SecretInjector.Injection;

/// <summary>
/// Steps 2 and 3 of the decision: look up the pod's identity in the cluster view and judge it against the policy.
/// A missing service account or role, no covering rule, a role or secret not allowed: each is a policy violation
/// (a 403 denial, or a warning under <c>enforcement: audit</c>). An object that could not be read is a denial in
/// either mode: nothing is decided on a guess.
/// </summary>
public static class AccessCheck
{
    /// <summary>The outcome: a denial, or the identity to wire plus any audit warnings.</summary>
    /// <param name="Denial">The denial, or null to go on.</param>
    /// <param name="Wiring">The identity the injected containers need when the pod carries none.</param>
    /// <param name="Warnings">Audit warnings.</param>
    /// <param name="AnnotatedRole">The role of the service account's <c>eks.amazonaws.com/role-arn</c>, if any.</param>
    /// <param name="AssociatedRole">The role of a declared Pod Identity association, if any.</param>
    public sealed record Outcome(
        Decision? Denial,
        IdentityWiring Wiring,
        IReadOnlyList<string> Warnings,
        string? AnnotatedRole = null,
        string? AssociatedRole = null)
    {
        public string? Role => AnnotatedRole ?? AssociatedRole;

        /// <summary>Under audit, the reason the pod would have been denied; null otherwise.</summary>
        public string? AuditViolation { get; init; }
    }

    /// <param name="pod">The pod.</param>
    /// <param name="namespace">The request's namespace.</param>
    /// <param name="secretIds">Every secret the pod would read: its annotations', or its SecretProviderClass's objects.</param>
    /// <param name="context">Settings, cluster view and policy.</param>
    /// <param name="subject">How messages name the pod.</param>
    /// <param name="target">What reads the secrets: the regions bare names resolve in, and roles in the pod's env.</param>
    public static Outcome Run(
        PodView pod,
        string @namespace,
        IReadOnlyList<string> secretIds,
        DecisionContext context,
        string subject,
        AccessTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(secretIds);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Policy is not { } policy)
            return WithoutPolicy(pod, @namespace, context);
        if (context.Cluster is not { } cluster)
            return new Outcome(Decision.Deny(500, DecisionReasons.ClusterUnavailable, $"{subject}: a policy is loaded but no cluster view is; the service account cannot be checked"), IdentityWiring.None, []);

        var accountName = pod.ServiceAccountName;
        var account = cluster.ServiceAccount(@namespace, accountName);
        if (account.Status == LookupStatus.Unavailable)
            return new Outcome(Unavailable(subject, $"service account {@namespace}/{accountName}", account.Problem), IdentityWiring.None, []);

        var annotated = account.Value?.Annotations.GetValueOrDefault(IdentityWirings.RoleAnnotation);
        var associated = policy.AssociatedRole(@namespace, accountName);
        var (reason, message) = Judge(policy, target, @namespace, accountName, account.Value, annotated, associated, secretIds);
        var wiring = Wiring(pod, account.Value, annotated, associated, context);
        if (reason is null)
            return new Outcome(null, wiring, [], annotated, associated);
        if (policy.Enforcement == Enforcement.Audit)
            return new Outcome(null, wiring, [$"secret-injector policy (audit): this pod would be denied: {message}"], annotated, associated) { AuditViolation = reason };
        return new Outcome(Decision.Deny(403, reason, $"{subject}: {message}"), wiring, [], annotated, associated);
    }

    /// <summary>
    /// Nothing to judge (<c>inject</c> without <c>--policy</c>), but a known service account still gives the
    /// injected containers its role, as it would in the cluster.
    /// </summary>
    private static Outcome WithoutPolicy(PodView pod, string @namespace, DecisionContext context)
    {
        var account = context.Cluster?.ServiceAccount(@namespace, pod.ServiceAccountName);
        if (account?.Value is not { } found)
            return new Outcome(null, IdentityWiring.None, []);
        var annotated = found.Annotations.GetValueOrDefault(IdentityWirings.RoleAnnotation);
        return new Outcome(null, Wiring(pod, found, annotated, null, context), [], annotated);
    }

    private static (string? Reason, string? Message) Judge(
        PolicyDocument policy,
        AccessTarget target,
        string @namespace,
        string accountName,
        ServiceAccountObject? account,
        string? annotated,
        string? associated,
        IReadOnlyList<string> secretIds)
    {
        if (account is null)
            return (DecisionReasons.ServiceAccountMissing, $"namespace {@namespace}, service account {accountName}: the service account does not exist");
        var roles = new[] { annotated, associated }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count == 0)
            return (DecisionReasons.RoleMissing, $"namespace {@namespace}, service account {accountName}: no IAM role; annotate the service account with {IdentityWirings.RoleAnnotation} or declare a podIdentityAssociations entry in the policy");

        // The agent copies an identity a container already carries, so the role it names is judged too; a role
        // it cannot read (valueFrom) would be copied unjudged, so it is refused.
        if (target.UnreadableRoles is [var hidden, ..])
        {
            return (DecisionReasons.RoleUnreadable,
                $"namespace {@namespace}, service account {accountName}: {hidden} sets {IdentityCopier.RoleArn} through valueFrom, "
                + "so the injected containers would copy a role the policy cannot judge; write the role as a value (or leave it to the service account's annotation)");
        }

        var judged = roles.Select(r => (Role: r, Carrier: (string?)null))
            .Concat(target.ContainerRoles.Where(c => !roles.Contains(c.Role, StringComparer.Ordinal)).Select(c => (c.Role, Carrier: (string?)c.Container)))
            .DistinctBy(r => r.Role, StringComparer.Ordinal);
        foreach (var (role, carrier) in judged)
        {
            foreach (var region in target.Regions)
            {
                var verdict = PolicyEvaluator.Evaluate(policy, @namespace, accountName, role, region, secretIds);
                if (verdict.Allowed)
                    continue;
                var why = carrier is null ? "" : $" ({carrier} carries this role in {IdentityCopier.RoleArn}, and the injected containers copy it)";
                return (verdict.Reason, verdict.Message + why);
            }
        }

        return (null, null);
    }

    private static IdentityWiring Wiring(PodView pod, ServiceAccountObject? account, string? annotated, string? associated, DecisionContext context)
    {
        if (IdentityCopier.PodHasIdentity(pod))
            return IdentityWiring.None;
        if (annotated is not null && account is not null && RoleArn.TryParse(annotated) is not null)
            return IdentityWirings.Irsa(annotated, account, context.Options);
        return associated is not null ? IdentityWirings.PodIdentity(context.Options) : IdentityWiring.None;
    }

    private static Decision Unavailable(string subject, string what, string? problem) =>
        Decision.Deny(500, DecisionReasons.ClusterUnavailable, $"{subject}: cannot read {what} from the Kubernetes API ({problem}); the pod is denied rather than admitted unchecked, try again");
}

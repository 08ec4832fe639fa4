namespace SecretInjector.Policy;

/// <summary>
/// Judges a pod's identity and secrets against the policy (SPEC §6). Each secret must be allowed by a rule that
/// covers the pod's namespace and whose <c>allowedRoles</c> match the pod's role; with one rule that is exactly
/// SPEC's wording, and with several the rules add up (a shared rule and a team rule can both apply).
/// </summary>
public static class PolicyEvaluator
{
    /// <param name="policy">The policy in force.</param>
    /// <param name="namespace">The pod's namespace.</param>
    /// <param name="serviceAccount">The pod's service account.</param>
    /// <param name="role">The service account's role ARN (annotation or Pod Identity association).</param>
    /// <param name="region">The region where bare names resolve, when known, else null.</param>
    /// <param name="secrets">The secret ids the pod asks for, in annotation order.</param>
    public static PolicyVerdict Evaluate(
        PolicyDocument policy,
        string @namespace,
        string serviceAccount,
        string role,
        string? region,
        IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(secrets);
        var who = $"namespace {@namespace}, service account {serviceAccount}, role {role}";
        var covering = policy.Rules.Where(r => r.Namespaces.Any(p => GlobPattern.For(p).IsMatch(@namespace))).ToList();
        if (covering.Count == 0)
            return PolicyVerdict.Deny("no-rule", $"{who}: no policy rule covers namespace {@namespace}");

        var parsedRole = RoleArn.TryParse(role);
        var applying = covering.Where(r => r.AllowedRoles.Any(p => GlobPattern.For(p, ignoreCase: true).IsMatch(role))).ToList();
        if (parsedRole is null || applying.Count == 0)
            return PolicyVerdict.Deny("role-not-allowed", $"{who}: the role is not allowed in this namespace by rule {Names(covering)}");

        foreach (var id in secrets)
        {
            var secret = SecretReference.Parse(id);
            if (!applying.Any(r => r.AllowedSecrets.Any(p => SecretMatcher.Matches(p, secret, parsedRole, region))))
                return PolicyVerdict.Deny("secret-not-allowed", $"{who}: secret {id}{Where(secret, region)} is not allowed by rule {Names(applying)}");
        }

        return PolicyVerdict.Allow;
    }

    /// <summary>Where a bare name resolves, when that is known: the same name is another secret in another region.</summary>
    private static string Where(SecretReference secret, string? region) =>
        !secret.IsArn && region is not null ? $" (read in {region})" : "";

    private static string Names(List<PolicyRule> rules) => string.Join(", ", rules.Select(r => r.Name));
}

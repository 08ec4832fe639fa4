namespace SecretInjector.Policy;

/// <summary>One rule: in these namespaces, pods whose role matches may read these secrets.</summary>
/// <param name="Name">The rule's name, quoted in denials.</param>
/// <param name="Namespaces">Namespace patterns (<c>*</c> is a wildcard).</param>
/// <param name="AllowedRoles">IAM role ARN patterns; the role name part compares without case, as IAM does.</param>
/// <param name="AllowedSecrets">Secret patterns: names (<c>payments/*</c>) or ARNs.</param>
public sealed record PolicyRule(
    string Name,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> AllowedRoles,
    IReadOnlyList<string> AllowedSecrets);

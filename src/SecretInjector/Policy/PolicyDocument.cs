namespace SecretInjector.Policy;

/// <summary>A parsed, validated policy file (SPEC §6). Immutable: a reload makes a new one.</summary>
public sealed record PolicyDocument(
    Enforcement Enforcement,
    IReadOnlyList<PolicyRule> Rules,
    IReadOnlyList<PodIdentityAssociation> PodIdentityAssociations)
{
    /// <summary>The role declared for a service account by a Pod Identity association, or null.</summary>
    public string? AssociatedRole(string @namespace, string serviceAccount) =>
        PodIdentityAssociations.FirstOrDefault(a => a.Namespace == @namespace && a.ServiceAccount == serviceAccount)?.RoleArn;
}

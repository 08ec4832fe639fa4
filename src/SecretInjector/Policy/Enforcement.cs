namespace SecretInjector.Policy;

/// <summary>What a policy violation does (<c>enforcement</c> in the policy file).</summary>
public enum Enforcement
{
    /// <summary>The pod is denied with code 403.</summary>
    Deny,

    /// <summary>The pod is admitted, with a warning saying what would have been denied.</summary>
    Audit,
}

namespace SecretInjector.Policy;

/// <summary>Hands out the policy in force as an immutable snapshot: a decision uses one snapshot from start to end.</summary>
public interface IPolicySource
{
    PolicyDocument Current { get; }
}

namespace SecretInjector.Injection;

/// <summary>What a decision was about, for the decision log: never a secret value, only ids.</summary>
/// <param name="ServiceAccount">The pod's service account.</param>
/// <param name="Role">The IAM role found for it, or null when none was (or no policy is loaded).</param>
/// <param name="Mode">The injection mode.</param>
/// <param name="Secrets">The secret ids the pod asked for.</param>
public sealed record DecisionDetails(string ServiceAccount, string? Role, string Mode, IReadOnlyList<string> Secrets);

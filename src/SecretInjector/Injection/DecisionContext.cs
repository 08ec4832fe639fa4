using SecretInjector.Cluster;
using SecretInjector.Configuration;
using SecretInjector.Policy;

namespace SecretInjector.Injection;

/// <summary>Everything besides the request that a decision depends on; immutable for one decision.</summary>
/// <param name="Options">The injection settings.</param>
/// <param name="Cluster">
/// The cluster objects the decision may look up, or null to skip the namespace opt-in check and policy
/// (as <c>inject</c> does without <c>--objects</c>).
/// </param>
/// <param name="Policy">The policy in force, or null for none (<c>inject</c> without <c>--policy</c>).</param>
public sealed record DecisionContext(InjectorOptions Options, IClusterView? Cluster = null, PolicyDocument? Policy = null);

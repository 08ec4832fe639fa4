using SecretInjector.Configuration;

namespace SecretInjector.Injection;

/// <summary>Everything besides the request that a decision depends on; immutable for one decision.</summary>
/// <param name="Options">The injection settings.</param>
public sealed record DecisionContext(InjectorOptions Options);

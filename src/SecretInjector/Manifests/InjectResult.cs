namespace SecretInjector.Manifests;

/// <summary>The outcome of <c>inject</c> on one stream of manifests.</summary>
/// <param name="Output">The mutated YAML; meaningful only when <paramref name="Errors"/> is empty.</param>
/// <param name="Errors">One line per refused pod template, naming the source, document and problem.</param>
/// <param name="Warnings">One line per warning the webhook would have returned.</param>
/// <param name="Injected">How many pod templates were injected.</param>
public sealed record InjectResult(
    string Output,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings,
    int Injected);

namespace SecretInjector.Commands;

/// <summary>The <c>fetch</c> command line as typed, before it is checked.</summary>
public sealed record RawFetchArguments(
    string OutDirectory,
    string FileMode,
    string? RefreshInterval,
    string? Timeout,
    string? BatchThreshold,
    bool Verbose);

namespace SecretInjector.Tests.TestSupport;

/// <summary>A request the stub received: operation, body, and whether its signature verified.</summary>
public sealed record ReceivedRequest(
    string Target,
    string Body,
    bool SignatureValid,
    string? AccessKey,
    string? Problem,
    IReadOnlyList<string>? SignedHeaders = null,
    string? SigningRegion = null);

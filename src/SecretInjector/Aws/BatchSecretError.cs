namespace SecretInjector.Aws;

/// <summary>One secret that <c>BatchGetSecretValue</c> could not return.</summary>
public sealed record BatchSecretError(string? SecretId, string? ErrorCode, string? Message);

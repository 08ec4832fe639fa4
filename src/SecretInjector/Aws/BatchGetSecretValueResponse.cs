namespace SecretInjector.Aws;

/// <summary>
/// The answer of <c>BatchGetSecretValue</c>: HTTP 200 even when some secrets failed, listed in <see cref="Errors"/>.
/// </summary>
public sealed record BatchGetSecretValueResponse(
    IReadOnlyList<SecretValueResponse>? SecretValues,
    IReadOnlyList<BatchSecretError>? Errors,
    string? NextToken);

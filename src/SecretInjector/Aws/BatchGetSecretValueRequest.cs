namespace SecretInjector.Aws;

/// <summary>The body of <c>BatchGetSecretValue</c> by id list (at most 20 ids; it reads <c>AWSCURRENT</c> only).</summary>
public sealed record BatchGetSecretValueRequest(IReadOnlyList<string> SecretIdList, string? NextToken);

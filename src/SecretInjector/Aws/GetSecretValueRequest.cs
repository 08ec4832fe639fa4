namespace SecretInjector.Aws;

/// <summary>The body of <c>GetSecretValue</c>. <see cref="VersionId"/> wins over <see cref="VersionStage"/>; both null read <c>AWSCURRENT</c>.</summary>
public sealed record GetSecretValueRequest(string SecretId, string? VersionId, string? VersionStage);

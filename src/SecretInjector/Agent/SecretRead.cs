namespace SecretInjector.Agent;

/// <summary>One distinct read: two files from the same secret and version share it. Region is null when unknown.</summary>
public sealed record SecretRead(string SecretId, string? VersionId, string? VersionStage, string? Region);

namespace SecretInjector.Contract;

/// <summary>
/// One secret the agent must write: the contract between the webhook, which builds it from annotations,
/// and the <c>fetch</c> agent, which reads it from <see cref="AgentContract.SecretsVariable"/>.
/// </summary>
/// <param name="File">File name under the output directory; a DNS-1123 label, so it never leaves it.</param>
/// <param name="SecretId">Secret name, partial ARN or full ARN, as Secrets Manager's <c>SecretId</c>.</param>
/// <param name="JsonKey">Top-level or dotted key to extract from a JSON secret, or null for the whole value.</param>
/// <param name="VersionStage">Version stage to read, or null for <c>AWSCURRENT</c>.</param>
/// <param name="VersionId">Exact version id, or null; wins over <paramref name="VersionStage"/>.</param>
/// <param name="Format">How the value is written.</param>
/// <remarks>
/// The optional members have defaults so that the JSON the webhook writes (nulls omitted) reads back: with
/// required constructor parameters respected, an omitted member without a default is an error.
/// </remarks>
public sealed record SecretSpec(
    string File,
    string SecretId,
    string? JsonKey = null,
    string? VersionStage = null,
    string? VersionId = null,
    SecretFormat Format = SecretFormat.Raw);

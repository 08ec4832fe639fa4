using System.Text.Json.Serialization;

namespace SecretInjector.Aws;

/// <summary>
/// A secret's value as <c>GetSecretValue</c> and <c>BatchGetSecretValue</c> return it. Only the fields the agent
/// uses are read; timestamps (epoch seconds, sometimes in exponent form) are ignored.
/// </summary>
/// <param name="Arn">The secret's full ARN.</param>
/// <param name="Name">The secret's name.</param>
/// <param name="SecretString">The value when it is text (possibly JSON).</param>
/// <param name="SecretBinary">The value when it is binary (base64 on the wire, bytes here).</param>
/// <param name="VersionId">The version that was read.</param>
public sealed record SecretValueResponse(
    [property: JsonPropertyName("ARN")] string? Arn,
    string? Name,
    string? SecretString,
    byte[]? SecretBinary,
    string? VersionId)
{
    /// <summary>Never prints the value, so a stray log or exception message cannot leak it.</summary>
    public override string ToString() => $"SecretValueResponse {{ Arn = {Arn}, VersionId = {VersionId} }}";
}

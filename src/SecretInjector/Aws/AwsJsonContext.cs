using System.Text.Json.Serialization;

namespace SecretInjector.Aws;

/// <summary>Source-generated JSON for the Secrets Manager wire shapes (AWS's PascalCase names).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(BatchGetSecretValueRequest))]
[JsonSerializable(typeof(SecretValueResponse))]
[JsonSerializable(typeof(BatchGetSecretValueResponse))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace SecretInjector.Contract;

/// <summary>Source-generated JSON for the agent contract, so the agent needs no reflection to read it.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(SecretFormatJsonConverter)])]
[JsonSerializable(typeof(List<SecretSpec>))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecretInjector.Contract;

/// <summary>
/// <see cref="SecretFormat"/> by name only (<c>"raw"</c>, <c>"json"</c>, <c>"env"</c>). The default enum converter
/// also takes numbers, so <c>"format": 99</c> would read as a format no one knows and fail only when rendered.
/// </summary>
internal sealed class SecretFormatJsonConverter() : JsonStringEnumConverter<SecretFormat>(namingPolicy: null, allowIntegerValues: false);

using System.Text.Json.Serialization;

namespace SecretInjector.Admission;

public sealed class GroupVersionResource
{
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("resource")]
    public string? Resource { get; set; }
}

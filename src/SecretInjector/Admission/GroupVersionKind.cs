using System.Text.Json.Serialization;

namespace SecretInjector.Admission;

public sealed class GroupVersionKind
{
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }
}

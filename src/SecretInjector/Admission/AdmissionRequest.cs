using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SecretInjector.Admission;

/// <summary>
/// The request half of an AdmissionReview. <see cref="Object"/> stays raw JSON: the patch is built against it
/// as it arrived, never against a typed model.
/// </summary>
public sealed class AdmissionRequest
{
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    [JsonPropertyName("kind")]
    public GroupVersionKind? Kind { get; set; }

    [JsonPropertyName("resource")]
    public GroupVersionResource? Resource { get; set; }

    [JsonPropertyName("subResource")]
    public string? SubResource { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("operation")]
    public string? Operation { get; set; }

    [JsonPropertyName("userInfo")]
    public JsonNode? UserInfo { get; set; }

#pragma warning disable CA1720 // Mirrors the API's field name "object".
    [JsonPropertyName("object")]
    public JsonNode? Object { get; set; }
#pragma warning restore CA1720

    [JsonPropertyName("oldObject")]
    public JsonNode? OldObject { get; set; }

    [JsonPropertyName("dryRun")]
    public bool? DryRun { get; set; }

    [JsonPropertyName("options")]
    public JsonNode? Options { get; set; }
}

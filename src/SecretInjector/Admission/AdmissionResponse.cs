using System.Text.Json.Serialization;

namespace SecretInjector.Admission;

/// <summary>The response half of an AdmissionReview.</summary>
public sealed class AdmissionResponse
{
    public const string JsonPatchType = "JSONPatch";

    [JsonPropertyName("uid")]
    public string Uid { get; set; } = "";

    [JsonPropertyName("allowed")]
    public bool Allowed { get; set; }

    [JsonPropertyName("status")]
    public AdmissionStatus? Status { get; set; }

    /// <summary>Base64 of the JSON Patch array.</summary>
    [JsonPropertyName("patch")]
    public string? Patch { get; set; }

    [JsonPropertyName("patchType")]
    public string? PatchType { get; set; }

    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; set; }
}

using System.Text.Json.Serialization;

namespace SecretInjector.Admission;

/// <summary>The part of metav1.Status a denial carries.</summary>
public sealed class AdmissionStatus
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>The machine-readable reason: <c>Forbidden</c> or <c>BadRequest</c>.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}

using System.Text.Json.Serialization;

namespace SecretInjector.Admission;

/// <summary>admission.k8s.io/v1 <c>AdmissionReview</c>, as sent by the API server and answered by the webhook.</summary>
public sealed class AdmissionReview
{
    public const string V1 = "admission.k8s.io/v1";
    public const string ReviewKind = "AdmissionReview";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("request")]
    public AdmissionRequest? Request { get; set; }

    [JsonPropertyName("response")]
    public AdmissionResponse? Response { get; set; }
}

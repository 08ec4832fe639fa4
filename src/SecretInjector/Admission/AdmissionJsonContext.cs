using System.Text.Json.Serialization;
using SecretInjector.Injection;

namespace SecretInjector.Admission;

/// <summary>Source-generated JSON for the admission wire types and the patch.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(AdmissionReview))]
[JsonSerializable(typeof(IReadOnlyList<PatchOperation>))]
internal sealed partial class AdmissionJsonContext : JsonSerializerContext;

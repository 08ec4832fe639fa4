using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SecretInjector.Injection;

/// <summary>One RFC 6902 operation, with a path already escaped as a JSON Pointer.</summary>
public sealed record PatchOperation(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("value")] JsonNode? Value)
{
    public static PatchOperation Add(string path, JsonNode value) => new("add", path, value);
}

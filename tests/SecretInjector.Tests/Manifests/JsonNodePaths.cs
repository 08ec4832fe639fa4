using System.Text.Json.Nodes;

namespace SecretInjector.Tests.Manifests;

/// <summary>Short reads of rendered objects by dotted path (<c>spec.template.spec</c>), for readable asserts.</summary>
internal static class JsonNodePaths
{
    /// <summary>The node at a dotted path of object keys, or null when any step is missing.</summary>
    public static JsonNode? At(this JsonNode? node, string path)
    {
        foreach (var key in path.Split('.'))
            node = node is JsonObject o && o.TryGetPropertyValue(key, out var child) ? child : null;
        return node;
    }

    /// <summary>The string at <paramref name="path"/>, or null.</summary>
    public static string? Str(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The integer at <paramref name="path"/>, or null (a quoted number is not an integer).</summary>
    public static long? Int(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.TryGetValue<long>(out var i) ? i : null;

    /// <summary>The boolean at <paramref name="path"/>, or null (a quoted "true" is not a boolean).</summary>
    public static bool? Bool(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>The items of the array at <paramref name="path"/>; empty when absent.</summary>
    public static IReadOnlyList<JsonNode> Items(this JsonNode? node, string path) =>
        node.At(path) is JsonArray a ? a.Where(i => i is not null).Select(i => i!).ToList() : [];

    /// <summary>The strings of the array at <paramref name="path"/>; empty when absent.</summary>
    public static IReadOnlyList<string> Strings(this JsonNode? node, string path) =>
        node.Items(path).Select(i => i.GetValue<string>()).ToList();
}

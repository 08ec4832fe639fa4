using System.Text.Json;

namespace SecretInjector.Agent;

/// <summary>Finds a <c>#key</c> in a JSON secret: the top-level key as written, else a dotted path into nested objects.</summary>
public static class JsonKeys
{
    public static JsonElement? Find(JsonElement root, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        if (root.TryGetProperty(key, out var direct))
            return direct;

        var current = root;
        foreach (var segment in key.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out var next))
                return null;
            current = next;
        }

        return current;
    }
}

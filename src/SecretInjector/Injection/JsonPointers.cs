namespace SecretInjector.Injection;

/// <summary>Builds JSON Pointers (RFC 6901) from raw segments.</summary>
public static class JsonPointers
{
    /// <summary>Escapes one segment: <c>~</c> to <c>~0</c> first, then <c>/</c> to <c>~1</c>.</summary>
    public static string Escape(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary>Joins segments into a pointer, escaping each.</summary>
    public static string Of(params IEnumerable<string> segments) =>
        string.Concat(segments.Select(s => "/" + Escape(s)));
}

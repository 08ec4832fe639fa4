namespace SecretInjector.Injection;

/// <summary>Rules for the <c>mount-path</c> annotation.</summary>
internal static class MountPaths
{
    /// <summary>Why a mount path is unusable, or null when it is fine.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "must be an absolute path such as /mnt/secrets";
        if (path[0] != '/')
            return $"'{path}' is not an absolute path";
        if (path == "/")
            return "'/' would hide the container's whole file system";
        if (path.Length > 4096)
            return "is longer than 4096 characters";
        if (path.Contains(':', StringComparison.Ordinal))
            return $"'{path}' contains ':', which Kubernetes does not allow in a mount path";
        if (path.Any(char.IsControl))
            return "contains a control character";
        var segments = path.Split('/');
        if (segments.Any(s => s is ".." or "."))
            return $"'{path}' contains '.' or '..' segments";
        if (segments.Skip(1).Any(s => s.Length == 0) && path.TrimEnd('/').Contains("//", StringComparison.Ordinal))
            return $"'{path}' contains an empty segment";
        return null;
    }

    /// <summary>The path without a trailing slash, as the kubelet compares mount points.</summary>
    public static string Normalize(string path) =>
        path.Length > 1 ? path.TrimEnd('/') : path;

    /// <summary>True when <paramref name="inner"/> lies strictly below <paramref name="outer"/>.</summary>
    public static bool IsBelow(string inner, string outer)
    {
        var o = Normalize(outer);
        var i = Normalize(inner);
        return i.Length > o.Length && i.StartsWith(o, StringComparison.Ordinal) && (o == "/" || i[o.Length] == '/');
    }
}

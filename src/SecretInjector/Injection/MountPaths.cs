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
        if (path.Trim('/').Length == 0)
            return $"'{path}' would hide the container's whole file system";
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
        var normal = Normalize(path);
        if (SystemDirectories.Contains(normal) || KernelTrees.Any(t => IsBelow(normal, t)))
            return $"'{path}' is a system directory; a read-only volume there would hide what the image or the kernel puts there (use a path of its own, such as /mnt/secrets)";
        return null;
    }

    /// <summary>Directories whose contents images and runtimes rely on: a volume mounted on one hides them.</summary>
    private static readonly HashSet<string> SystemDirectories =
    [
        "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/opt", "/proc", "/root", "/run",
        "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/var/run", "/var/lib", "/var/log", "/var/tmp",
        "/var/run/secrets", "/var/run/secrets/kubernetes.io", "/var/run/secrets/kubernetes.io/serviceaccount",
    ];

    /// <summary>Trees the kernel and the runtime serve; nothing may be mounted inside them.</summary>
    private static readonly string[] KernelTrees = ["/proc", "/sys", "/dev"];

    /// <summary>
    /// The path cleaned lexically, as the container runtime resolves a mount point: repeated slashes and <c>.</c>
    /// dropped, <c>..</c> taken back a segment (never above the root), no trailing slash. So a pod's
    /// <c>/mnt//secrets</c> or <c>/mnt/x/../secrets</c> is seen for the <c>/mnt/secrets</c> it is.
    /// </summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/'))
            return path.Length > 1 ? path.TrimEnd('/') : path;
        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
                continue;
            if (segment == "..")
            {
                if (segments.Count > 0)
                    segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>True when <paramref name="inner"/> lies strictly below <paramref name="outer"/>.</summary>
    public static bool IsBelow(string inner, string outer)
    {
        var o = Normalize(outer);
        var i = Normalize(inner);
        return i.Length > o.Length && i.StartsWith(o, StringComparison.Ordinal) && (o == "/" || i[o.Length] == '/');
    }
}

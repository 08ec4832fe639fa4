namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// Lays files out as the kubelet does for a mounted ConfigMap or Secret: the data in a timestamped folder, a
/// <c>..data</c> symlink to it, and each file a symlink through <c>..data</c>. An update writes a new folder and
/// swaps <c>..data</c> in one rename.
/// </summary>
internal static class ConfigMapFolder
{
    public static string Create(string folder, string file, string content)
    {
        var data = WriteVersion(folder, file, content);
        File.CreateSymbolicLink(Path.Combine(folder, "..data"), data);
        var path = Path.Combine(folder, file);
        File.CreateSymbolicLink(path, Path.Combine("..data", file));
        return path;
    }

    public static void Swap(string folder, string file, string content)
    {
        var data = WriteVersion(folder, file, content);
        var temporary = Path.Combine(folder, "..data_tmp");
        File.CreateSymbolicLink(temporary, data);
        RenameOver(temporary, Path.Combine(folder, "..data"));
    }

    /// <summary>rename(2) of a symlink over another, as the kubelet does; .NET's File.Move follows links to folders.</summary>
    private static void RenameOver(string source, string target)
    {
        using var mv = System.Diagnostics.Process.Start("mv", ["-T", "-f", source, target]);
        mv.WaitForExit(10_000);
        if (mv.ExitCode != 0)
            throw new IOException($"mv -T {source} {target} failed with {mv.ExitCode}");
    }

    private static string WriteVersion(string folder, string file, string content)
    {
        var data = Path.Combine(folder, $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss.fffffff}");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, file), content);
        return Path.GetFileName(data);
    }
}

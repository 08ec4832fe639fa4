using System.Globalization;

namespace SecretInjector.Agent;

/// <summary>
/// Writes a whole set of files at once, as the kubelet's AtomicWriter does for secret volumes: every file goes into
/// a fresh hidden directory <c>..TIMESTAMP.RANDOM</c> (each written to a temporary name, flushed, given its mode and
/// renamed), then the <c>..data</c> symlink is swapped to it in one rename, and each <c>NAME</c> is a symlink to
/// <c>..data/NAME</c>, made under a hidden name before the swap and renamed into place after it. Readers see the old
/// set or the new one, never a mix; a failure before the swap, a name taken by something not ours included, leaves
/// the previous set (or nothing) as it was.
/// </summary>
/// <param name="root">The output directory (<c>--out</c>).</param>
/// <param name="fileMode">The permission of every file, e.g. <c>0400</c>.</param>
/// <param name="time">Clock for the directory names.</param>
public sealed class AtomicSetWriter(string root, UnixFileMode fileMode, TimeProvider time)
{
    public const string DataLink = "..data";
    private const string DataLinkTemp = "..data_tmp";
    private const string DirectoryPrefix = "..2";

    /// <summary>Mode of the hidden directories: readable and searchable by the reading containers' users.</summary>
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>The output directory.</summary>
    public string Root => root;

    /// <summary>
    /// Creates the output directory when it is missing and checks that a file can be created in it, so an unusable
    /// <c>--out</c> is found before any secret is read. Throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> naming the path; leaves nothing behind.
    /// </summary>
    public void CheckWritable()
    {
        Directory.CreateDirectory(root);
        var probe = Path.Combine(root, $"..write_check.{Path.GetRandomFileName()}");
        using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
            // Created and, on close, removed.
        }
    }

    /// <summary>
    /// Writes <paramref name="files"/> as the new set; names must be valid and distinct. A name taken by something
    /// that is not this writer's link (a user's file, directory or other link) is refused with a
    /// <see cref="SetWriteException"/> before anything readers see has changed; it is never replaced.
    /// </summary>
    public void Write(IReadOnlyList<RenderedFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            if (!FileNames.IsValid(file.Name))
                throw new ArgumentException($"file name '{file.Name}' is not a DNS-1123 label", nameof(files));
        }

        Directory.CreateDirectory(root);
        CheckNamesFree(files.Select(f => f.Name));
        var previous = CurrentDirectory();
        var previousNames = NamesIn(previous);
        RemoveStaleDirectories(previous);
        RemoveStaleLinks();

        var name = NewDirectoryName();
        var path = Path.Combine(root, name);
        var links = new List<(string Temporary, string Link)>();
        CreateDirectory(path);
        try
        {
            foreach (var file in files)
                WriteFile(path, file);

            // The links are made under hidden names now, so that after the swap only renames are left to do.
            foreach (var file in files)
            {
                if (PrepareLink(file.Name) is { } link)
                    links.Add(link);
            }

            SwapDataLink(name);
        }
        catch
        {
            foreach (var (temporary, _) in links)
                DeleteLink(temporary);
            TryDeleteDirectory(path);
            throw;
        }

        try
        {
            foreach (var (temporary, link) in links)
                Posix.Rename(temporary, link);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SetWriteException($"{DataLink} already names the new set, but a file's link could not be made: {ex.Message}", ex) { Swapped = true };
        }

        var current = files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var dropped in previousNames.Where(n => !current.Contains(n)))
            DeleteOwnLink(dropped);
        if (previous is not null)
            TryDeleteDirectory(Path.Combine(root, previous));
    }

    /// <summary>The directory <c>..data</c> points to, or null when there is no set yet.</summary>
    public string? CurrentDirectory()
    {
        var link = new FileInfo(Path.Combine(root, DataLink));
        return link.LinkTarget is { } target ? Path.GetFileName(target) : null;
    }

    /// <summary>The files of the current set, or null when there is none.</summary>
    public IReadOnlyList<RenderedFile>? ReadCurrent()
    {
        if (CurrentDirectory() is not { } current)
            return null;
        return [.. Directory.GetFiles(Path.Combine(root, current))
            .Where(p => FileNames.IsValid(Path.GetFileName(p)))
            .Select(p => new RenderedFile(Path.GetFileName(p), File.ReadAllBytes(p)))];
    }

    /// <summary>The file names of a set directory; none when it is gone (removed by hand, or never there).</summary>
    private List<string> NamesIn(string? directory)
    {
        var path = directory is null ? null : Path.Combine(root, directory);
        return path is not null && Directory.Exists(path)
            ? [.. Directory.GetFiles(path).Select(Path.GetFileName).OfType<string>().Where(FileNames.IsValid)]
            : [];
    }

    private void WriteFile(string directory, RenderedFile file)
    {
        var temporary = Path.Combine(directory, $".{file.Name}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(file.Content);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, fileMode);
        File.Move(temporary, Path.Combine(directory, file.Name));
    }

    private void SwapDataLink(string directoryName)
    {
        var temporary = Path.Combine(root, DataLinkTemp);
        DeleteLink(temporary);
        File.CreateSymbolicLink(temporary, directoryName);
        Posix.Rename(temporary, Path.Combine(root, DataLink));
    }

    /// <summary>
    /// Refuses names (and <c>..data</c>) taken by anything but this writer's own link: a regular file, a directory,
    /// or a link elsewhere is the user's, and replacing it would lose it or mix it into the set.
    /// </summary>
    private void CheckNamesFree(IEnumerable<string> names)
    {
        foreach (var name in names.Prepend(DataLink))
        {
            var path = Path.Combine(root, name);
            var info = new FileInfo(path);
            var ours = name == DataLink
                ? info.LinkTarget is { } target && !target.Contains('/', StringComparison.Ordinal)
                : info.LinkTarget == OwnTarget(name);
            if (ours || (info.LinkTarget is null && !info.Exists && !Directory.Exists(path)))
                continue;

            var what = info.LinkTarget is { } other ? $"a link to {other}"
                : Directory.Exists(path) ? "a directory"
                : "a file";
            throw new SetWriteException(
                $"{path} is {what}, not a link this agent made; it is left as it is and no file was changed. "
                + "Move it out of the output directory, or give the secret another file name");
        }
    }

    /// <summary>A link <c>..NAME.link_tmp</c> to <c>..data/NAME</c>, to be renamed over NAME; none when NAME already is that link.</summary>
    private (string Temporary, string Link)? PrepareLink(string name)
    {
        var link = Path.Combine(root, name);
        var target = OwnTarget(name);
        if (new FileInfo(link).LinkTarget == target)
            return null;
        var temporary = Path.Combine(root, $"..{name}.link_tmp");
        DeleteLink(temporary);
        File.CreateSymbolicLink(temporary, target);
        return (temporary, link);
    }

    /// <summary>Removes NAME when it is this writer's link, and leaves anything else the user put there.</summary>
    private void DeleteOwnLink(string name)
    {
        var link = new FileInfo(Path.Combine(root, name));
        if (link.LinkTarget == OwnTarget(name))
            link.Delete();
    }

    private static string OwnTarget(string name) => Path.Combine(DataLink, name);

    /// <summary>Hidden directories left by a run that died before its swap.</summary>
    private void RemoveStaleDirectories(string? current)
    {
        foreach (var directory in Directory.GetDirectories(root, DirectoryPrefix + "*"))
        {
            if (Path.GetFileName(directory) != current && new DirectoryInfo(directory).LinkTarget is null)
                TryDeleteDirectory(directory);
        }
    }

    /// <summary>Temporary links (<c>..NAME.link_tmp</c>) of this writer left by a run that died before renaming them.</summary>
    private void RemoveStaleLinks()
    {
        foreach (var path in Directory.GetFiles(root, "..*.link_tmp"))
        {
            var link = new FileInfo(path);
            if (link.LinkTarget is { } target && target.StartsWith(DataLink + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                link.Delete();
        }
    }

    private string NewDirectoryName()
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyy_MM_dd_HH_mm_ss.fffffff", CultureInfo.InvariantCulture);
        return $"..{stamp}.{Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal)}";
    }

    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // mkdir's mode passes through the umask; chmod does not. Keep the setgid bit an fsGroup volume passes down.
        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | DirectoryMode);
    }

    private static void DeleteLink(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists)
            info.Delete();
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next write removes it as stale.
        }
    }
}

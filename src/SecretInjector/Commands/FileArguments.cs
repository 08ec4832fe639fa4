namespace SecretInjector.Commands;

/// <summary>Checks of the files named on a command line that the readers would report poorly.</summary>
internal static class FileArguments
{
    /// <summary>
    /// "OPTION PATH: is a directory, not a file" for the first option that names a directory (reading one says
    /// only "access denied"), else null. Options not given are skipped.
    /// </summary>
    public static string? DirectoryProblem(params ReadOnlySpan<(string Option, string? Path)> files)
    {
        foreach (var (option, path) in files)
        {
            if (path is not null && path != "-" && Directory.Exists(path))
                return $"{option} {path}: is a directory, not a file";
        }

        return null;
    }
}

namespace SecretInjector.Tests.Manifests;

/// <summary>Renders kustomizations with <c>kubectl kustomize</c>, the way an installer would.</summary>
internal static class Kustomize
{
    /// <summary>Every folder under <paramref name="manifestsRoot"/> that holds a <c>kustomization.yaml</c>, relative to it.</summary>
    public static IReadOnlyList<string> Discover(string manifestsRoot) =>
        Directory.EnumerateFiles(manifestsRoot, "kustomization.yaml", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(manifestsRoot, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The rendered YAML stream of the kustomization in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidOperationException">kubectl is missing or the kustomization does not render.</exception>
    public static string Build(string directory)
    {
        ProcessResult result;
        try
        {
            result = ProcessRunner.Run("kubectl", ["kustomize", directory]);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                "The manifest tests render with `kubectl kustomize`, and kubectl was not found. Install kubectl " +
                "(1.27 or later, it embeds kustomize v5) and put it on PATH.", e);
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"kubectl kustomize {directory} failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
        }

        return result.StandardOutput;
    }
}

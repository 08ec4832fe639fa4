namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// Paths in the repository under test, found by walking up from the test assembly to the folder holding
/// <c>SecretInjector.sln</c>, so tests work from any output directory.
/// </summary>
internal static class RepoPaths
{
    private const string SolutionFile = "SecretInjector.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root (the folder with <c>SecretInjector.sln</c>).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>manifests/</c>: the kustomize bases and overlays.</summary>
    public static string Manifests => Path.Combine(Root, "manifests");

    /// <summary><c>certs/</c>: the certificate script.</summary>
    public static string Certs => Path.Combine(Root, "certs");

    /// <summary>The strict Kubernetes JSON schemas shared by the team, next to the repository.</summary>
    public static string KubernetesSchemas => Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures", "k8s-schema"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                return dir.FullName;
        }

        throw new InvalidOperationException(
            $"No {SolutionFile} above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}

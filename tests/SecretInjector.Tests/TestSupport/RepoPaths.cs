namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// Paths in the repository under test and in the shared fixtures beside it (<c>../shared</c>), found by walking
/// up from the test assembly to the folder holding <c>SecretInjector.sln</c>, so tests work from any output folder.
/// </summary>
internal static class RepoPaths
{
    private const string SolutionFile = "SecretInjector.sln";

    private const string SharedVariable = "SECRET_INJECTOR_SHARED";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    private static readonly Lazy<string> LazyShared = new(FindShared);

    /// <summary>The repository root (the folder with <c>SecretInjector.sln</c>).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>manifests/</c>: the kustomize bases and overlays.</summary>
    public static string Manifests => Path.Combine(Root, "manifests");

    /// <summary><c>certs/</c>: the certificate script.</summary>
    public static string Certs => Path.Combine(Root, "certs");

    /// <summary>
    /// The shared fixtures folder: <c>SECRET_INJECTOR_SHARED</c> when set, else <c>../shared</c> beside the checkout.
    /// </summary>
    /// <exception cref="InvalidOperationException">The folder is not there; the message says where it was looked for.</exception>
    public static string Shared => LazyShared.Value;

    public static string Fixtures => Path.Combine(Shared, "fixtures");

    /// <summary>The strict Kubernetes JSON schemas of the shared fixtures.</summary>
    public static string KubernetesSchemas => Path.Combine(Fixtures, "k8s-schema");

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    /// <summary>The built agent, <c>src/SecretInjector/bin/CONFIG/net10.0/secret-injector.dll</c>, for the configuration under test.</summary>
    public static string AgentDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
            return Path.Combine(Root, "src", "SecretInjector", "bin", configuration, "net10.0", "secret-injector.dll");
        }
    }

    /// <summary>A file copied beside the test assembly from <c>TestAssets/</c>.</summary>
    public static string TestAssets(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestAssets", .. parts]);

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

    private static string FindShared()
    {
        var configured = Environment.GetEnvironmentVariable(SharedVariable);
        var shared = Path.GetFullPath(string.IsNullOrEmpty(configured) ? Path.Combine(Root, "..", "shared") : configured);
        if (Directory.Exists(Path.Combine(shared, "fixtures")))
            return shared;

        throw new InvalidOperationException(
            $"The shared fixtures are not at {shared}: the tests read them from ../shared beside the checkout. " +
            $"Put the shared folder there, or set {SharedVariable} to its path.");
    }
}

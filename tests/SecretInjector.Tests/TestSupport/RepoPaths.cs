namespace SecretInjector.Tests.TestSupport;

/// <summary>Paths of the repository and the shared fixtures, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared/fixtures</c> from the repository root.</summary>
    public static string Fixtures { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecretInjector.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no SecretInjector.sln above {AppContext.BaseDirectory}");
    }
}

namespace SecretInjector.Tests.TestSupport;

/// <summary>Paths of the repository and of the shared fixtures beside it (<c>../shared</c>).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Fixtures { get; } = Path.Combine(Shared, "fixtures");

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    public static string TestAssets(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestAssets", .. parts]);

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

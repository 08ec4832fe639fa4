using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Manifests;

/// <summary>Runs <c>certs/make-certs.sh</c> with bash.</summary>
internal static class MakeCerts
{
    public static string ScriptPath => Path.Combine(RepoPaths.Certs, "make-certs.sh");

    /// <summary>Runs the script; a missing bash is an <see cref="InvalidOperationException"/>, not a pass.</summary>
    public static ProcessResult Run(params string[] arguments) =>
        ProcessRunner.Run("bash", [ScriptPath, .. arguments], timeout: TimeSpan.FromSeconds(30));

    /// <summary>Runs the script and fails the test unless it succeeds.</summary>
    public static ProcessResult RunOk(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"make-certs.sh exited {result.ExitCode}: {result.StandardError}");
        return result;
    }
}

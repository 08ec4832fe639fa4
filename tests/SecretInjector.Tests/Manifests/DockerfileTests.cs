using System.Text.RegularExpressions;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Manifests;

/// <summary>
/// Static checks of the Dockerfile (no container engine runs in CI): the promises that injected containers and the
/// Deployment rely on.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly Lazy<string[]> Lines = new(() =>
        File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"))
            .Where(line => !line.TrimStart().StartsWith('#'))
            .ToArray());

    [Fact]
    public void Read_FinalStage_IsTheChiseledAspNetRuntime()
    {
        var froms = Lines.Value.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, froms.Count);
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}", froms[0], StringComparison.Ordinal);
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled", froms[1], StringComparison.Ordinal);
        Assert.Contains("ARG DOTNET_VERSION=10.0", Lines.Value);
    }

    [Theory]
    [InlineData(@"^USER 65532:65532$")]
    [InlineData(@"^ENTRYPOINT \[""/app/secret-injector""\]$")]
    [InlineData(@"DOTNET_EnableDiagnostics=0")]
    [InlineData(@"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")]
    [InlineData(@"^ARG VERSION=")]
    [InlineData(@"-p:Version=""\$VERSION""")]
    public void Read_Dockerfile_HasLine(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        Assert.True(Lines.Value.Any(l => regex.IsMatch(l.Trim())), $"no line of the Dockerfile matches {pattern}");
    }

    [Fact]
    public void Read_Dockerfile_DoesNotUseAShellInTheRuntimeStage()
    {
        var runtime = Lines.Value.SkipWhile(l => !l.Contains("AS runtime", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(runtime);
        Assert.DoesNotContain(runtime, l => l.StartsWith("RUN ", StringComparison.Ordinal));
    }
}

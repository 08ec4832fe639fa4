using System.Text.Json;
using SecretInjector.Cluster.Kubernetes;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Cluster;

public sealed class ClusterObjectMapperTests
{
    [Fact]
    public void ToSecretProviderClass_FullObject_ReadsProviderAndParameters()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Asset("secretproviderclass.json")));

        var spc = ClusterObjectMapper.ToSecretProviderClass(json.RootElement);

        Assert.Equal("team-a", spc.Namespace);
        Assert.Equal("aws-secrets", spc.Name);
        Assert.Equal("aws", spc.Provider);
        Assert.Equal("true", spc.Parameters["usePodIdentity"]);
        Assert.StartsWith("- objectName: db-password", spc.Parameters["objects"], StringComparison.Ordinal);
        Assert.Equal("3", spc.Parameters["notAString"]);
    }

    [Fact]
    public void ToSecretProviderClass_NoSpec_HasNoProviderAndNoParameters()
    {
        using var json = JsonDocument.Parse("""{"metadata":{"name":"bare","namespace":"team-a"}}""");

        var spc = ClusterObjectMapper.ToSecretProviderClass(json.RootElement);

        Assert.Equal("bare", spc.Name);
        Assert.Null(spc.Provider);
        Assert.Empty(spc.Parameters);
    }

    // Read from the source tree: the project copies only the top-level TestAssets/ to the output folder.
    private static string Asset(string name) =>
        Path.Combine(RepoPaths.Root, "tests", "SecretInjector.Tests", "Cluster", "TestAssets", name);
}

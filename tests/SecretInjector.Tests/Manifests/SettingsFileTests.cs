using SecretInjector.Configuration;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Manifests;

public sealed class SettingsFileTests
{
    [Fact]
    public void Load_ShippedSettingsFile_IsAcceptedByServe()
    {
        var path = Path.Combine(RepoPaths.Manifests, "base", "settings.yaml");

        // The same loader serve runs at start-up: unknown keys and bad values throw, naming the key.
        var options = SettingsLoader.Load(path);

        Assert.Equal(ManifestFacts.AgentUser, options.AgentUser);
    }

    [Theory]
    [InlineData("fetchTimeoutSeconds: 0\n", "fetchTimeoutSeconds: 0 must be from 1 to 3600")]
    [InlineData("fetchTimeoutSeconds: 7200\n", "fetchTimeoutSeconds: 7200 must be from 1 to 3600")]
    [InlineData("batchThreshold: -1\n", "batchThreshold: -1 must be 0")]
    public void Load_AgentTuningOutOfRange_NamesTheKey(string yaml, string expected)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, yaml);

        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(path));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public void Load_AgentTuning_IsRead()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "fetchTimeoutSeconds: 90\nbatchThreshold: 0\n");

        var options = SettingsLoader.Load(path);

        Assert.Equal(90, options.FetchTimeoutSeconds);
        Assert.Equal(0, options.BatchThreshold);
        File.Delete(path);
    }
}

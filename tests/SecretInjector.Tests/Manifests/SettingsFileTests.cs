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
}

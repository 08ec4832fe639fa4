using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecretInjector.Configuration;
using SecretInjector.Hosting;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Configuration;

public sealed class SettingsLoaderTests
{
    [Theory]
    [InlineData("hello\n", "must be a mapping of settings (key: value), not a string")]
    [InlineData("- image: x\n", "must be a mapping of settings (key: value), not a list")]
    [InlineData("42\n", "must be a mapping of settings (key: value), not a number")]
    [InlineData("image: a\n---\nimage: b\n", "holds 2 YAML documents")]
    [InlineData("image: a\nimage: b\n", "line 2, column 1: duplicate key 'image'")]
    [InlineData("limits:\n  cpu: 1\n  cpu: 2\n", "line 3, column 3: duplicate key 'cpu'")]
    [InlineData("image: [a\n", "line 2")]
    public void Load_FileThatIsNoMappingOfSettings_ThrowsOneLineNamingTheFile(string yaml, string expected)
    {
        using var directory = new TempDirectory();
        var path = directory.File("settings.yaml");
        File.WriteAllText(path, yaml);

        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(path));

        Assert.StartsWith($"settings file {path}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("requests: [1]\n", "requests: must be a map of resource name to quantity, such as {cpu: 50m, memory: 64Mi}, not a list")]
    [InlineData("limits: 5\n", "limits: must be a map of resource name to quantity, such as {cpu: 50m, memory: 64Mi}, not a number")]
    [InlineData("limits:\n  cpu: [1]\n", "limits.cpu: must be a quantity such as 500m, not a list")]
    [InlineData("requests:\n  memory: {a: 1}\n", "requests.memory: must be a quantity such as 500m, not a map")]
    [InlineData("image: [a, b]\n", "image: must be a single value, not a list")]
    [InlineData("agentUser: {uid: 1}\n", "agentUser: must be a single value, not a map")]
    public void Load_WrongShapeOfValue_NamesTheKey(string yaml, string expected)
    {
        var e = LoadFails(yaml);

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("image: \"a\\nb\"\n", "image: 'a\\nb' is not an image reference")]
    [InlineData("agentUser: 99999999999999\n", "agentUser: 99999999999999 must be a Linux UID from 1 to 2147483647")]
    [InlineData("imagePullPolicy: \"Always\\n\"\n", "imagePullPolicy: 'Always\\n' is not one of")]
    [InlineData("agentUser: \"1\\n2\"\n", "AgentUser")]
    [InlineData("\"a\\nb\": 1\n", "unknown key 'a\\nb'")]
    public void Load_ValueWithControlCharacters_StaysOnOneLineAndShowsThemEscaped(string yaml, string expected)
    {
        var e = LoadFails(yaml);

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_Directory_SaysItIsADirectory()
    {
        using var directory = new TempDirectory();

        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(directory.Path));

        Assert.Equal($"settings file {directory.Path}: is a directory, not a file", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void Load_EmptyFile_GivesTheDefaults(string yaml)
    {
        using var directory = new TempDirectory();
        var path = directory.File("settings.yaml");
        File.WriteAllText(path, yaml);

        var options = SettingsLoader.Load(path);

        Assert.Equal(new InjectorOptions().Image, options.Image);
    }

    [Fact]
    public void Load_ResourcesWithExtendedResource_AreRead()
    {
        using var directory = new TempDirectory();
        var path = directory.File("settings.yaml");
        File.WriteAllText(path, "requests:\n  cpu: 10m\n  example.com/gpu: 1\nlimits:\n  cpu: 1\n  memory: 1Gi\n  example.com/gpu: 1\n");

        var options = SettingsLoader.Load(path);

        Assert.Equal("1", options.Limits["example.com/gpu"]);
        Assert.Equal("10m", options.Requests["cpu"]);
    }

    [Fact]
    public void Load_ResourceMapGiven_ReplacesTheDefaultMapWhole()
    {
        using var directory = new TempDirectory();
        var path = directory.File("settings.yaml");
        File.WriteAllText(path, "requests:\n  memory: 32Mi\nlimits:\n  memory: 256Mi\n");

        var options = SettingsLoader.Load(path);

        Assert.Equal(new Dictionary<string, string>(StringComparer.Ordinal) { ["memory"] = "32Mi" }, options.Requests);
        Assert.Equal(new Dictionary<string, string>(StringComparer.Ordinal) { ["memory"] = "256Mi" }, options.Limits);
    }

    [Fact]
    public void Load_EmptyRequestsMap_LeavesNoRequests()
    {
        using var directory = new TempDirectory();
        var path = directory.File("settings.yaml");
        File.WriteAllText(path, "requests: {}\n");

        var options = SettingsLoader.Load(path);

        Assert.Empty(options.Requests);
        Assert.Equal("500m", options.Limits["cpu"]);
    }

    [Fact]
    public void Load_RequestAboveTheDefaultLimit_IsRefusedNamingBoth()
    {
        using var directory = new TempDirectory();
        var path = directory.File("settings.yaml");
        File.WriteAllText(path, "requests:\n  memory: 1Gi\n");

        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(path));

        Assert.Equal($"settings file {path}: requests.memory: '1Gi' is above limits.memory '128Mi'", e.Message);
    }

    [Fact]
    public void AddInjectorSettings_ResourceMapGiven_ServeAlsoReplacesTheDefaultMapWhole()
    {
        using var directory = new TempDirectory();
        var path = directory.File("settings.yaml");
        File.WriteAllText(path, "limits:\n  memory: 256Mi\n");
        using var provider = new ServiceCollection().AddInjectorSettings(path).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InjectorOptions>>().Value;

        Assert.Equal(new Dictionary<string, string>(StringComparer.Ordinal) { ["memory"] = "256Mi" }, options.Limits);
    }

    /// <summary>Loads a settings file holding <paramref name="yaml"/>, which must be refused.</summary>
    private static SettingsException LoadFails(string yaml)
    {
        using var directory = new TempDirectory();
        var path = directory.File("settings.yaml");
        File.WriteAllText(path, yaml);
        return Assert.Throws<SettingsException>(() => SettingsLoader.Load(path));
    }
}

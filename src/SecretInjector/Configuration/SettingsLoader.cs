using Microsoft.Extensions.Configuration;

namespace SecretInjector.Configuration;

/// <summary>Loads <see cref="InjectorOptions"/> from the optional <c>--config</c> YAML file.</summary>
public static class SettingsLoader
{
    /// <summary>The configuration of the file, or an empty one when no file is given.</summary>
    public static IConfiguration Configuration(string? path)
    {
        var builder = new ConfigurationBuilder();
        if (path is not null)
            builder.AddYamlFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        return builder.Build();
    }

    /// <summary>
    /// Reads and validates the settings; throws <see cref="SettingsException"/> naming every problem (an
    /// unknown key, a bad value, a file that does not parse).
    /// </summary>
    public static InjectorOptions Load(string? path)
    {
        InjectorOptions options;
        try
        {
            options = Configuration(path).Get<InjectorOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new InjectorOptions();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException)
        {
            throw new SettingsException($"settings file {path}: {e.Message}", e);
        }

        var problems = InjectorOptionsValidator.Problems(options).ToList();
        if (problems.Count > 0)
            throw new SettingsException($"settings file {path}: {string.Join("; ", problems)}");
        return options;
    }
}

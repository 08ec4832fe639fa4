using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace SecretInjector.Configuration;

/// <summary>Loads <see cref="InjectorOptions"/> from the optional <c>--config</c> YAML file.</summary>
public static class SettingsLoader
{
    /// <summary>The settings' names as the file spells them (camelCase), in declaration order.</summary>
    private static readonly string[] KnownKeys =
        [.. typeof(InjectorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..])];

    /// <summary>The configuration of the file, or an empty one when no file is given.</summary>
    public static IConfiguration Configuration(string? path)
    {
        var builder = new ConfigurationBuilder();
        if (path is not null)
            builder.AddYamlFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        return builder.Build();
    }

    /// <summary>
    /// Reads and validates the settings; throws <see cref="SettingsException"/> naming every problem (a missing
    /// file, an unknown key, a bad value, a file that does not parse) on one line.
    /// </summary>
    public static InjectorOptions Load(string? path)
    {
        if (path is not null && !File.Exists(path))
            throw new SettingsException($"settings file {path}: no such file");

        InjectorOptions options;
        try
        {
            var configuration = Configuration(path);
            var unknown = UnknownKeys(configuration).ToList();
            if (unknown.Count > 0)
            {
                throw new SettingsException(
                    $"settings file {path}: unknown key{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(k => $"'{k}'"))} "
                    + $"(known: {string.Join(", ", KnownKeys)})");
            }

            options = configuration.Get<InjectorOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new InjectorOptions();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException)
        {
            throw new SettingsException($"settings file {path}: {OneLine(e)}", e);
        }

        var problems = InjectorOptionsValidator.Problems(options).ToList();
        if (problems.Count > 0)
            throw new SettingsException($"settings file {path}: {string.Join("; ", problems)}");
        return options;
    }

    /// <summary>Top-level keys no setting is named by (the binder compares names without regard to case).</summary>
    private static IEnumerable<string> UnknownKeys(IConfiguration configuration) =>
        configuration.GetChildren()
            .Select(c => c.Key)
            .Where(k => !KnownKeys.Contains(k, StringComparer.OrdinalIgnoreCase));

    /// <summary>The innermost message's first line: a value that does not convert says which setting and why.</summary>
    private static string OneLine(Exception e)
    {
        var message = e.InnerException is { } inner ? $"{e.Message.Split('\n')[0].Trim()} ({inner.Message.Split('\n')[0].Trim()})" : e.Message;
        return message.Split('\n')[0].Trim();
    }
}

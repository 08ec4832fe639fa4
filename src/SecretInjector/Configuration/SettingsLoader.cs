using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using SecretInjector.Manifests;

namespace SecretInjector.Configuration;

/// <summary>Loads <see cref="InjectorOptions"/> from the optional <c>--config</c> YAML file.</summary>
public static class SettingsLoader
{
    /// <summary>The settings' names as the file spells them (camelCase), in declaration order.</summary>
    private static readonly string[] KnownKeys =
        [.. typeof(InjectorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..])];

    /// <summary>The settings that are maps of resource name to quantity; every other setting is one value.</summary>
    private static readonly string[] ResourceKeys = ["requests", "limits"];

    /// <summary>The configuration of the file, or an empty one when no file is given or it holds no document.</summary>
    public static IConfiguration Configuration(string? path)
    {
        var builder = new ConfigurationBuilder();
        if (path is not null && Read(path).Count > 0)
            builder.AddYamlFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        return builder.Build();
    }

    /// <summary>
    /// Reads and validates the settings; throws <see cref="SettingsException"/> naming every problem (a missing
    /// file, a file that does not parse or is no mapping, an unknown key, a value of the wrong shape, a bad value)
    /// on one line.
    /// </summary>
    public static InjectorOptions Load(string? path)
    {
        if (path is not null)
        {
            var shapeProblems = ShapeProblems(Read(path)).ToList();
            if (shapeProblems.Count > 0)
                throw new SettingsException($"settings file {path}: {string.Join("; ", shapeProblems)}");
        }

        InjectorOptions options;
        try
        {
            var configuration = Configuration(path);
            var unknown = UnknownKeys(configuration).ToList();
            if (unknown.Count > 0)
            {
                throw new SettingsException(
                    $"settings file {path}: unknown key{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(InjectorOptionsValidator.Quote))} "
                    + $"(known: {string.Join(", ", KnownKeys)})");
            }

            options = configuration.Get<InjectorOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new InjectorOptions();
            ReplaceResourceMaps(options, configuration, path);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException or InvalidDataException)
        {
            throw new SettingsException($"settings file {path}: {OneLine(e)}", e);
        }

        var problems = InjectorOptionsValidator.Problems(options).ToList();
        if (problems.Count > 0)
            throw new SettingsException($"settings file {path}: {string.Join("; ", problems)}");
        return options;
    }

    /// <summary>
    /// What the configuration provider would fail on or silently misread: a missing or unreadable file, YAML that
    /// does not parse or repeats a key, a document that is not one mapping, a value that is not the shape its
    /// setting needs (a list where one value goes, a resource map that is not a map of quantities). A file that
    /// cannot be read or parsed throws; the rest are returned.
    /// </summary>
    private static IEnumerable<string> ShapeProblems(IReadOnlyList<YamlDocumentSpan> documents)
    {
        if (documents.Count == 0)
            return [];
        if (documents.Count > 1)
            return [$"holds {documents.Count} YAML documents; the settings are one mapping (key: value)"];
        if (documents[0].Root is not JsonObject root)
            return [$"must be a mapping of settings (key: value), not {Describe(documents[0].Root)}"];
        return MappingProblems(root);
    }

    /// <summary>
    /// Makes a <c>requests</c> or <c>limits</c> map of the file replace the default map whole: the binder adds its
    /// entries to the default ones, so a default (the cpu limit, say) could otherwise never be dropped. Both
    /// <see cref="Load"/> and the webhook's options binding call it after binding.
    /// </summary>
    public static void ReplaceResourceMaps(InjectorOptions options, IConfiguration configuration, string? path)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (path is null || Read(path) is not [{ Root: JsonObject root }])
            return;
        foreach (var key in ResourceKeys)
        {
            // An empty map ({}) leaves no entry in the configuration, so the file itself says whether the key is given.
            if (!root.Any(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)))
                continue;
            var section = configuration.GetSection(key);
            var resources = section.GetChildren().ToDictionary(c => c.Key, c => c.Value ?? "", StringComparer.Ordinal);
            if (key == "requests")
                options.Requests = resources;
            else
                options.Limits = resources;
        }
    }

    private static IEnumerable<string> MappingProblems(JsonObject root)
    {
        // The binder ignores case, so two spellings of one key would silently keep one of the values.
        foreach (var group in root.GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            yield return $"keys {string.Join(" and ", group.Select(p => InjectorOptionsValidator.Quote(p.Key)))} name the same setting";

        foreach (var (key, value) in root)
        {
            if (!KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                continue;
            if (!ResourceKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                if (value is JsonObject or JsonArray)
                    yield return $"{key}: must be a single value, not {Describe(value)}";
                continue;
            }

            if (value is not JsonObject resources)
            {
                yield return $"{key}: must be a map of resource name to quantity, such as {{cpu: 50m, memory: 64Mi}}, not {Describe(value)}";
                continue;
            }

            foreach (var (resource, quantity) in resources)
            {
                if (quantity is not JsonValue)
                    yield return $"{key}.{InjectorOptionsValidator.Escape(resource)}: must be a quantity such as 500m, not {Describe(quantity)}";
            }
        }
    }

    /// <summary>The documents of the file; a file that cannot be read or parsed is a <see cref="SettingsException"/>.</summary>
    private static IReadOnlyList<YamlDocumentSpan> Read(string path)
    {
        if (Directory.Exists(path))
            throw new SettingsException($"settings file {path}: is a directory, not a file");
        if (!File.Exists(path))
            throw new SettingsException($"settings file {path}: no such file");
        string text;
        try
        {
            text = BoundedInput.ReadAllText(path, BoundedInput.SmallFileLimit);
        }
        catch (InputTooLargeException e)
        {
            throw new SettingsException($"settings file {path}: {e.Reason}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"settings file {path}: cannot read it: {e.Message}", e);
        }

        try
        {
            return YamlReader.ReadAll(text);
        }
        catch (ManifestException e)
        {
            // One file of one document: "line 2, column 1: ..." says where without "document 1".
            var message = e.Message.StartsWith("document 1, ", StringComparison.Ordinal) ? e.Message["document 1, ".Length..] : e.Message;
            throw new SettingsException($"settings file {path}: {InjectorOptionsValidator.Escape(message)}", e);
        }
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "empty",
        JsonObject => "a map",
        JsonArray => "a list",
        _ => node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "a string",
            System.Text.Json.JsonValueKind.Number => "a number",
            _ => "a boolean",
        },
    };

    /// <summary>Top-level keys no setting is named by (the binder compares names without regard to case).</summary>
    private static IEnumerable<string> UnknownKeys(IConfiguration configuration) =>
        configuration.GetChildren()
            .Select(c => c.Key)
            .Where(k => !KnownKeys.Contains(k, StringComparer.OrdinalIgnoreCase));

    /// <summary>The message and its inner message, control characters escaped: a value that does not convert says which setting and why.</summary>
    private static string OneLine(Exception e)
    {
        var message = e.InnerException is { } inner ? $"{e.Message.Trim()} ({inner.Message.Trim()})" : e.Message.Trim();
        return InjectorOptionsValidator.Escape(message);
    }
}

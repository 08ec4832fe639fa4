using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretInjector.Configuration;
using SecretInjector.Contract;

namespace SecretInjector.Injection;

/// <summary>
/// Reads SPEC §3's annotations into an <see cref="InjectionRequest"/>, collecting every problem rather than
/// stopping at the first, so one denial tells the user all there is to fix.
/// </summary>
public static partial class AnnotationReader
{
    /// <summary>Longest JSON key a <c>#key</c> suffix may name.</summary>
    public const int MaxJsonKeyLength = 1024;

    private static readonly string[] Suffixes =
        [Annotations.VersionStageSuffix, Annotations.VersionIdSuffix, Annotations.FormatSuffix];

    private static readonly HashSet<string> PodLevelKeys =
    [
        Annotations.Inject, Annotations.Mode, Annotations.MountPath, Annotations.Containers,
        Annotations.FileMode, Annotations.SecretProviderClass, Annotations.RefreshInterval, Annotations.Status,
    ];

    /// <summary>Reads the pod's <c>metadata.annotations</c>; a missing map means not opted in.</summary>
    public static AnnotationReadResult Read(JsonObject? annotations, InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!MayOptIn(annotations))
            return AnnotationReadResult.NotOptedIn;
        if (StringValue(annotations, Annotations.Inject) != "true")
        {
            // Only a manifest can hold this (`inject: true` unquoted in YAML): the API server refuses annotations
            // that are not strings, so passing the pod on unchanged would hide a mistake that fails later.
            return new AnnotationReadResult(true, null, [$"annotation {Annotations.Inject}: the value must be the string \"true\" (quote it in YAML); Kubernetes refuses annotations that are not strings"]);
        }

        var problems = new List<string>();
        var ours = OurAnnotations(annotations!, problems);
        var mode = ReadMode(ours, options, problems);
        var secrets = ReadSecrets(ours, problems);
        var mountPath = ReadMountPath(ours, options, problems);
        var containers = ReadContainers(ours, problems);
        var fileMode = ReadFileMode(ours, problems);
        var providerClass = ReadProviderClass(ours, mode, problems);
        var interval = ReadRefreshInterval(ours, mode, options, problems);
        CheckModeNeeds(mode, secrets, problems);

        if (problems.Count > 0)
            return new AnnotationReadResult(true, null, problems);
        var request = new InjectionRequest(mode, secrets, mountPath, containers, fileMode, providerClass, interval);
        return new AnnotationReadResult(true, request, problems);
    }

    /// <summary>The string value of an annotation, or null when absent or not a string.</summary>
    /// <summary>
    /// True when the pod opts in (<c>"true"</c>), or tries to with a value that is not a string (an unquoted
    /// <c>true</c> in a manifest), which <see cref="Read"/> then refuses with a message instead of a silent pass.
    /// </summary>
    public static bool MayOptIn(JsonObject? annotations) =>
        annotations?[Annotations.Inject] is JsonValue v
        && (v.GetValueKind() is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number
            || StringValue(annotations, Annotations.Inject) == "true");

    public static string? StringValue(JsonObject? annotations, string key) =>
        annotations?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static SortedDictionary<string, string> OurAnnotations(JsonObject annotations, List<string> problems)
    {
        var ours = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in annotations)
        {
            if (!key.StartsWith(Annotations.Prefix, StringComparison.Ordinal))
                continue;
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                ours[key] = v.GetValue<string>();
            else
                problems.Add($"annotation {key}: the value must be a string (quote it in YAML)");
        }

        return ours;
    }

    private static InjectionMode ReadMode(
        SortedDictionary<string, string> ours,
        InjectorOptions options,
        List<string> problems)
    {
        var text = ours.GetValueOrDefault(Annotations.Mode, options.DefaultMode);
        if (InjectionModes.TryParse(text, out var mode))
            return mode;
        problems.Add($"annotation {Annotations.Mode}: '{text}' is not one of init, csi, sidecar");
        return InjectionMode.Init;
    }

    private static List<SecretSpec> ReadSecrets(SortedDictionary<string, string> ours, List<string> problems)
    {
        var secretKeys = ours.Keys
            .Where(k => !PodLevelKeys.Contains(k))
            .Where(k => k.AsSpan(Annotations.Prefix.Length).StartsWith(Annotations.SecretKeyStart, StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var key in ours.Keys.Where(k => !PodLevelKeys.Contains(k) && !secretKeys.Contains(k)))
            problems.Add($"annotation {key}: unknown annotation; see the annotation table in the README");

        var secrets = new List<SecretSpec>();
        foreach (var key in secretKeys)
        {
            if (ModifierOf(key, secretKeys) is not null)
                continue;
            var name = key[(Annotations.Prefix.Length + Annotations.SecretKeyStart.Length)..];
            if (Suffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal)) is { } suffix)
            {
                var baseKey = key[..^suffix.Length];
                problems.Add(IsModifierKey(baseKey)
                    ? $"annotation {key}: unknown annotation: {baseKey} is a modifier, not a secret, and a modifier has no '{suffix[1..]}' of its own"
                    : $"annotation {key}: sets '{suffix[1..]}' of a secret that no annotation {baseKey} declares");
                continue;
            }

            if (ReadSecret(name, key, ours, problems) is { } secret)
                secrets.Add(secret);
        }

        return secrets;
    }

    /// <summary>
    /// The base secret key when <paramref name="key"/> is one of its modifiers, else null. The base must declare a
    /// secret, not be a modifier itself: <c>secret-db-version-id-format</c> modifies nothing.
    /// </summary>
    private static string? ModifierOf(string key, HashSet<string> secretKeys)
    {
        foreach (var suffix in Suffixes)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal) && key[..^suffix.Length] is var baseKey
                && secretKeys.Contains(baseKey) && !IsModifierKey(baseKey))
                return baseKey;
        }

        return null;
    }

    /// <summary>Whether a <c>secret-</c> key has a modifier's form (a secret's file name cannot end in a modifier suffix).</summary>
    private static bool IsModifierKey(string key) =>
        Suffixes.Any(s => key.AsSpan(Annotations.Prefix.Length + Annotations.SecretKeyStart.Length).EndsWith(s, StringComparison.Ordinal));

    private static SecretSpec? ReadSecret(
        string name,
        string key,
        SortedDictionary<string, string> ours,
        List<string> problems)
    {
        var before = problems.Count;
        if (!Names.IsDnsLabel(name))
            problems.Add($"annotation {key}: '{name}' is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters); it names the file");
        var nameLength = key.Length - Annotations.Prefix.Length + Annotations.VersionStageSuffix.Length;
        if (nameLength > 63)
            problems.Add($"annotation {key}: '{name}' is too long: {key}{Annotations.VersionStageSuffix} would exceed Kubernetes' 63-character limit for the name part of an annotation key; use at most {63 - (nameLength - name.Length)} characters");

        var value = ours[key];
        var hash = value.IndexOf('#', StringComparison.Ordinal);
        var secretId = hash < 0 ? value : value[..hash];
        var jsonKey = hash < 0 ? null : value[(hash + 1)..];
        if (SecretIds.Problem(secretId) is { } idProblem)
            problems.Add($"annotation {key}: {idProblem}");
        if (jsonKey is not null && JsonKeyProblem(jsonKey) is { } keyProblem)
            problems.Add($"annotation {key}: {keyProblem}");

        var stage = ours.GetValueOrDefault(key + Annotations.VersionStageSuffix);
        if (stage is not null && !VersionStagePattern().IsMatch(stage))
            problems.Add($"annotation {key}{Annotations.VersionStageSuffix}: '{stage}' is not a version stage (1 to 256 characters, letters, digits and _+=.@-)");
        var versionId = ours.GetValueOrDefault(key + Annotations.VersionIdSuffix);
        if (versionId is not null && !VersionIdPattern().IsMatch(versionId))
            problems.Add($"annotation {key}{Annotations.VersionIdSuffix}: '{versionId}' is not a version id (32 to 64 letters, digits or '-')");
        var format = ReadFormat(key + Annotations.FormatSuffix, ours.GetValueOrDefault(key + Annotations.FormatSuffix), problems);

        return problems.Count > before ? null : new SecretSpec(name, secretId, jsonKey, stage, versionId, format);
    }

    private static SecretFormat ReadFormat(string key, string? text, List<string> problems)
    {
        switch (text)
        {
            case null or "raw":
                return SecretFormat.Raw;
            case "json":
                return SecretFormat.Json;
            case "env":
                return SecretFormat.Env;
            default:
                problems.Add($"annotation {key}: '{text}' is not one of raw, json, env");
                return SecretFormat.Raw;
        }
    }

    private static string? JsonKeyProblem(string jsonKey)
    {
        if (jsonKey.Length == 0)
            return "nothing follows '#'; name a key of the JSON secret, e.g. name#password";
        if (jsonKey.Length > MaxJsonKeyLength)
            return $"the key after '#' is {jsonKey.Length} characters long; at most {MaxJsonKeyLength} are allowed";
        if (jsonKey.Any(char.IsControl))
            return "the key after '#' contains a control character";
        if (jsonKey.Split('.').Any(s => s.Length == 0))
            return $"the key '{jsonKey}' has an empty segment; dotted keys look like a.b.c";
        return null;
    }

    private static string ReadMountPath(
        SortedDictionary<string, string> ours,
        InjectorOptions options,
        List<string> problems)
    {
        if (!ours.TryGetValue(Annotations.MountPath, out var path))
            return MountPaths.Normalize(options.DefaultMountPath);
        if (MountPaths.Problem(path) is { } problem)
            problems.Add($"annotation {Annotations.MountPath}: {problem}");
        return MountPaths.Normalize(path);
    }

    private static List<string>? ReadContainers(SortedDictionary<string, string> ours, List<string> problems)
    {
        if (!ours.TryGetValue(Annotations.Containers, out var text))
            return null;
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0))
        {
            problems.Add($"annotation {Annotations.Containers}: '{text}' has an empty entry; list container names separated by commas");
            return null;
        }

        foreach (var bad in names.Where(n => !Names.IsDnsLabel(n)))
            problems.Add($"annotation {Annotations.Containers}: '{bad}' is not a valid container name");
        foreach (var twice in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"annotation {Annotations.Containers}: '{twice.Key}' is listed twice");
        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    private static int? ReadFileMode(SortedDictionary<string, string> ours, List<string> problems)
    {
        if (!ours.TryGetValue(Annotations.FileMode, out var text))
            return null;
        var digits = text.StartsWith("0o", StringComparison.Ordinal) ? text[2..] : text;
        if (!FileModePattern().IsMatch(digits))
        {
            problems.Add($"annotation {Annotations.FileMode}: '{text}' is not an octal permission such as 0400 or 0440");
            return null;
        }

        var mode = Convert.ToInt32(digits, 8);
        if ((mode & 0b100_100_100) == 0)
        {
            problems.Add($"annotation {Annotations.FileMode}: {text} lets nobody read the files; use 0400, 0440 or 0444");
            return null;
        }

        return mode;
    }

    private static string? ReadProviderClass(
        SortedDictionary<string, string> ours,
        InjectionMode mode,
        List<string> problems)
    {
        var name = ours.GetValueOrDefault(Annotations.SecretProviderClass);
        if (mode != InjectionMode.Csi)
        {
            if (name is not null)
                problems.Add($"annotation {Annotations.SecretProviderClass}: is only used in mode csi, and this pod's mode is {InjectionModes.Name(mode)}");
            return null;
        }

        if (name is null)
            problems.Add($"annotation {Annotations.SecretProviderClass}: mode csi needs the name of a SecretProviderClass in the pod's namespace");
        else if (!Names.IsDnsSubdomain(name))
            problems.Add($"annotation {Annotations.SecretProviderClass}: '{name}' is not a valid object name");
        return name;
    }

    private static TimeSpan ReadRefreshInterval(
        SortedDictionary<string, string> ours,
        InjectionMode mode,
        InjectorOptions options,
        List<string> problems)
    {
        // Five minutes, unless the settings' minimum is longer: the default must be an interval the pod could ask for.
        var minimum = TimeSpan.FromSeconds(options.MinRefreshIntervalSeconds);
        var fallback = minimum > TimeSpan.FromMinutes(5) ? minimum : TimeSpan.FromMinutes(5);
        if (!ours.TryGetValue(Annotations.RefreshInterval, out var text))
            return fallback;
        if (mode != InjectionMode.Sidecar)
        {
            problems.Add($"annotation {Annotations.RefreshInterval}: is only used in mode sidecar, and this pod's mode is {InjectionModes.Name(mode)}");
            return fallback;
        }

        if (!Durations.TryParse(text, out var interval))
        {
            problems.Add($"annotation {Annotations.RefreshInterval}: '{text}' is not a duration such as 30s, 5m or 1h30m");
            return fallback;
        }

        var min = TimeSpan.FromSeconds(options.MinRefreshIntervalSeconds);
        if (interval < min)
            problems.Add($"annotation {Annotations.RefreshInterval}: {text} is shorter than the minimum of {AgentContract.FormatInterval(min)}");
        else if (interval > TimeSpan.FromDays(1))
            problems.Add($"annotation {Annotations.RefreshInterval}: {text} is longer than the maximum of 24h");
        return interval;
    }

    private static void CheckModeNeeds(InjectionMode mode, List<SecretSpec> secrets, List<string> problems)
    {
        if (mode == InjectionMode.Csi && secrets.Count > 0)
            problems.Add($"annotation {Annotations.Prefix}{Annotations.SecretKeyStart}{secrets[0].File}: mode csi takes its secrets from the SecretProviderClass named by {Annotations.SecretProviderClass}; list them there instead");
        if (mode != InjectionMode.Csi && secrets.Count == 0 && problems.Count == 0)
            problems.Add($"annotation {Annotations.Inject}: the pod opts in but names no secret; add {Annotations.Prefix}{Annotations.SecretKeyStart}<file>: <secret id>");
    }

    [GeneratedRegex(@"^0?[0-7]{3}\z")]
    private static partial Regex FileModePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_+=.@-]{1,256}\z")]
    private static partial Regex VersionStagePattern();

    [GeneratedRegex(@"^[A-Za-z0-9-]{32,64}\z")]
    private static partial Regex VersionIdPattern();
}

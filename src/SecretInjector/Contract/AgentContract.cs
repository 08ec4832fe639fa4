using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecretInjector.Contract;

/// <summary>
/// How an injected container calls the agent. The webhook writes these args and env into the pod; the
/// <c>fetch</c> command reads them back. Nothing else passes from the webhook to the agent.
/// </summary>
/// <remarks>
/// The image's entry point is <c>secret-injector</c>; the container's args are
/// <c>fetch --out DIR --file-mode MODE</c>, and the secrets to write are a JSON array of
/// <see cref="SecretSpec"/> in the environment variable <see cref="SecretsVariable"/>
/// (secret ids and keys may hold characters that are awkward in args; JSON holds them all).
/// </remarks>
public static partial class AgentContract
{
    public const string FetchCommand = "fetch";
    public const string OutOption = "--out";
    public const string FileModeOption = "--file-mode";
    public const string RefreshIntervalOption = "--refresh-interval";
    public const string TimeoutOption = "--timeout";
    public const string BatchThresholdOption = "--batch-threshold";

    /// <summary>Environment variable holding the JSON array of <see cref="SecretSpec"/>.</summary>
    public const string SecretsVariable = "SECRET_INJECTOR_SECRETS";

    /// <summary>Where the injected containers mount the shared secrets volume (read-write for the agent only).</summary>
    public const string AgentOutDirectory = "/secret-injector/secrets";

    /// <summary>
    /// The args of the one-shot fetch container. <paramref name="tuning"/> adds <c>--timeout</c> and
    /// <c>--batch-threshold</c> where the settings set them; otherwise the agent's own defaults apply.
    /// </summary>
    public static IReadOnlyList<string> FetchArgs(string outDirectory, int fileMode, AgentTuning? tuning = null)
    {
        var args = new List<string> { FetchCommand, OutOption, outDirectory, FileModeOption, FormatFileMode(fileMode) };
        if (tuning?.TimeoutSeconds is { } seconds)
            args.AddRange([TimeoutOption, FormatInterval(TimeSpan.FromSeconds(seconds))]);
        if (tuning?.BatchThreshold is { } threshold)
            args.AddRange([BatchThresholdOption, threshold.ToString(CultureInfo.InvariantCulture)]);
        return args;
    }

    /// <summary>The args of the refresh loop: the fetch args plus the interval.</summary>
    public static IReadOnlyList<string> RefreshArgs(string outDirectory, int fileMode, TimeSpan interval, AgentTuning? tuning = null) =>
        [.. FetchArgs(outDirectory, fileMode, tuning), RefreshIntervalOption, FormatInterval(interval)];

    public static string SerializeSecrets(IReadOnlyList<SecretSpec> secrets) =>
        JsonSerializer.Serialize(secrets.ToList(), ContractJsonContext.Default.ListSecretSpec);

    /// <summary>Reads the secrets variable; throws <see cref="JsonException"/> naming the problem when it is malformed.</summary>
    public static IReadOnlyList<SecretSpec> ParseSecrets(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ContractJsonContext.Default.ListSecretSpec)
                ?? throw new JsonException($"{SecretsVariable} is null; it must be a JSON array of secrets");
        }
        catch (JsonException ex) when (ex.Path is { } path && FormatPath().Match(path) is { Success: true } match)
        {
            var entry = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1;
            throw new JsonException($"entry {entry} has an unknown format; format must be \"raw\", \"json\" or \"env\"", path, null, null, ex);
        }
    }

    [GeneratedRegex(@"^\$\[(\d+)\]\.format$", RegexOptions.CultureInvariant)]
    private static partial Regex FormatPath();

    /// <summary>Formats a permission as the four-digit octal string used in annotations and args, e.g. <c>0400</c>.</summary>
    public static string FormatFileMode(int mode) =>
        "0" + Convert.ToString(mode, 8).PadLeft(3, '0');

    /// <summary>Formats an interval in whole seconds, e.g. <c>300s</c>.</summary>
    public static string FormatInterval(TimeSpan interval) =>
        ((long)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
}

using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using SecretInjector.Agent;
using SecretInjector.Contract;
using SecretInjector.Injection;

namespace SecretInjector.Commands;

/// <summary>
/// <c>secret-injector fetch</c>: the agent that runs in injected containers. It reads the secrets listed in
/// <see cref="AgentContract.SecretsVariable"/> and writes them under <c>--out</c>; with <c>--refresh-interval</c>
/// it keeps them fresh until SIGTERM.
/// </summary>
public static class FetchCommand
{
    /// <summary>Environment variable that sets <c>--timeout</c> when the option is absent.</summary>
    public const string TimeoutVariable = "SECRET_INJECTOR_TIMEOUT";

    /// <summary>Environment variable that sets <c>--batch-threshold</c> when the option is absent.</summary>
    public const string BatchThresholdVariable = "SECRET_INJECTOR_BATCH_THRESHOLD";

    /// <summary>Read permission for the owner, the group or others: a mode without any is refused, as the webhook does.</summary>
    private const UnixFileMode AnyoneRead = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static Command Create()
    {
        var outDir = new Option<string>(AgentContract.OutOption)
        {
            Description = "Directory to write the secret files into",
            Required = true,
        };
        var fileMode = new Option<string>(AgentContract.FileModeOption)
        {
            Description = "Octal permission of the files",
            DefaultValueFactory = _ => "0400",
        };
        var interval = new Option<string?>(AgentContract.RefreshIntervalOption)
        {
            Description = "Re-read the secrets on this interval until SIGTERM (sidecar mode), e.g. 300s or 5m",
        };
        var timeout = new Option<string?>(AgentContract.TimeoutOption)
        {
            Description = $"Bound on one whole fetch, retries included, e.g. 60s (default 60s, or {TimeoutVariable})",
        };
        var batch = new Option<string?>(AgentContract.BatchThresholdOption)
        {
            Description = "Use BatchGetSecretValue from this many secrets in one region; 0 never "
                + $"(default {FetchSettings.DefaultBatchThreshold}, or {BatchThresholdVariable})",
        };
        var verbose = new Option<bool>("--verbose") { Description = "Also log each request made to AWS (never a body)" };
        var command = new Command(
            AgentContract.FetchCommand,
            "Fetch secrets from AWS Secrets Manager into files (run by the injected containers). The secrets "
                + $"to fetch are a JSON array in {AgentContract.SecretsVariable}; credentials and region come from "
                + "the AWS default chain")
        {
            outDir, fileMode, interval, timeout, batch, verbose,
        };
        command.Action = new FetchAction(parse => new RawFetchArguments(
            parse.GetValue(outDir)!,
            parse.GetValue(fileMode)!,
            parse.GetValue(interval),
            parse.GetValue(timeout) ?? Environment.GetEnvironmentVariable(TimeoutVariable),
            parse.GetValue(batch) ?? Environment.GetEnvironmentVariable(BatchThresholdVariable),
            parse.GetValue(verbose)));
        return command;
    }

    /// <summary>
    /// What is wrong with the command line as the parser saw it (a missing or repeated option, an unknown word),
    /// in one line; null when it parsed.
    /// </summary>
    public static string? ParseProblem(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var problems = parse.Errors.Select(e => e.Message.TrimEnd('.'))
            .Concat(parse.UnmatchedTokens.Select(t => $"unknown option or argument '{t}'"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return problems.Count == 0 ? null : string.Join("; ", problems) + $"; see secret-injector {AgentContract.FetchCommand} --help";
    }

    /// <summary>Runs the agent with the process environment, stopping on SIGTERM or SIGINT.</summary>
    public static async Task<int> RunAsync(RawFetchArguments arguments, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(error);
        var (settings, problem) = Parse(arguments);
        if (settings is null)
        {
            await error.WriteLineAsync($"secret-injector fetch: {problem}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        var level = settings.Verbose ? LogLevel.Debug : LogLevel.Information;
        var logger = new JsonLinesLogger(error, level, TimeProvider.System);
        using var telemetry = new AgentTelemetry();
        // Disposed when the run is over, before the meter: disposing sends what the run recorded.
        using var export = AgentMetricsExport.StartIfConfigured(Environment.GetEnvironmentVariable);
        var runner = new FetchRunner(settings, Environment.GetEnvironmentVariable, logger, error, TimeProvider.System, telemetry);
        try
        {
            return await runner.RunAsync(stop.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Last resort: a bug must still end with one readable line (the files are written atomically or not at all).
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"secret-injector fetch: unexpected {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            if (settings.Verbose)
                await error.WriteLineAsync(ex.StackTrace).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>Checks the arguments; the settings, or a message naming the option to fix.</summary>
    public static (FetchSettings? Settings, string? Problem) Parse(RawFetchArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (string.IsNullOrWhiteSpace(arguments.OutDirectory))
            return (null, $"{AgentContract.OutOption} must name a directory");
        if (!TryParseMode(arguments.FileMode, out var mode))
            return (null, $"{AgentContract.FileModeOption} '{arguments.FileMode}' is not an octal permission such as 0400");
        if ((mode & AnyoneRead) == 0)
            return (null, $"{AgentContract.FileModeOption} {arguments.FileMode} lets nobody read the files; use 0400, 0440 or 0444");

        TimeSpan? refresh = null;
        if (arguments.RefreshInterval is { } text)
        {
            if (!Durations.TryParse(text, out var parsed) || parsed < TimeSpan.FromSeconds(1) || parsed > FetchSettings.MaxRefreshInterval)
                return (null, $"{AgentContract.RefreshIntervalOption} '{text}' is not a duration from 1s to 24h, such as 300s or 5m");
            refresh = parsed;
        }

        var timeout = FetchSettings.DefaultTimeout;
        var timeoutText = arguments.Timeout;
        if (!string.IsNullOrWhiteSpace(timeoutText)
            && (!Durations.TryParse(timeoutText, out timeout) || timeout <= TimeSpan.Zero || timeout > FetchSettings.MaxTimeout))
            return (null, $"{AgentContract.TimeoutOption} (or {TimeoutVariable}) '{arguments.Timeout}' is not a positive duration of at most 1h, such as 60s");

        var threshold = FetchSettings.DefaultBatchThreshold;
        if (!string.IsNullOrWhiteSpace(arguments.BatchThreshold)
            && (!int.TryParse(arguments.BatchThreshold, NumberStyles.None, CultureInfo.InvariantCulture, out threshold)))
            return (null, $"--batch-threshold (or {BatchThresholdVariable}) '{arguments.BatchThreshold}' is not a whole number");

        return (new FetchSettings(arguments.OutDirectory, mode, timeout, refresh, threshold, arguments.Verbose), null);
    }

    /// <summary>Three or four octal digits, e.g. <c>0400</c> or <c>440</c>.</summary>
    public static bool TryParseMode(string? text, out UnixFileMode mode)
    {
        mode = 0;
        if (text is not { Length: 3 or 4 } || text.Any(c => c is < '0' or > '7') || (text.Length == 4 && text[0] != '0'))
            return false;
        mode = (UnixFileMode)Convert.ToInt32(text, 8);
        return true;
    }

    /// <summary>
    /// Runs the agent, and also when the parser found errors: those are a usage error (exit 2) like any other
    /// unusable argument, where the parser's own error action would exit 1.
    /// </summary>
    private sealed class FetchAction(Func<ParseResult, RawFetchArguments> arguments) : AsynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
        {
            if (ParseProblem(parseResult) is { } problem)
            {
                await Console.Error.WriteLineAsync($"secret-injector fetch: {problem}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            return await RunAsync(arguments(parseResult), Console.Error).ConfigureAwait(false);
        }
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        // Finish the current step and exit with our own code instead of being torn down mid-write.
        context.Cancel = true;
        stop.Cancel();
    }
}

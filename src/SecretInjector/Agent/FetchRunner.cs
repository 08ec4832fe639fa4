using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using SecretInjector.Aws;
using SecretInjector.Commands;
using SecretInjector.Contract;

namespace SecretInjector.Agent;

/// <summary>
/// The agent from parsed arguments to files: read the secret list, find credentials, read every secret, and write
/// the set atomically, or print one line per failure and write nothing. Returns the process exit code.
/// </summary>
/// <param name="settings">The command line.</param>
/// <param name="env">Environment lookup (the process environment outside tests).</param>
/// <param name="logger">Structured log on stderr.</param>
/// <param name="errors">Where failure lines go (stderr).</param>
/// <param name="time">The clock.</param>
/// <param name="telemetry">The agent's metrics.</param>
public sealed class FetchRunner(
    FetchSettings settings,
    Func<string, string?> env,
    ILogger logger,
    TextWriter errors,
    TimeProvider time,
    AgentTelemetry telemetry)
{
    private const string Prefix = "secret-injector fetch: ";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (ReadSecrets() is not { } secrets)
            return ExitCodes.UsageError;
        if (AwsEnvironment.Problems(env).ToList() is { Count: > 0 } problems)
        {
            UsageError(string.Join("; ", problems));
            return ExitCodes.UsageError;
        }

        var writer = new AtomicSetWriter(settings.OutDirectory, settings.FileMode, time);
        if (!OutDirectoryUsable(writer))
            return ExitCodes.UsageError;

        AgentLog.FetchStarted(logger, secrets.Count, settings.OutDirectory);
        var started = Stopwatch.GetTimestamp();
        var pipeline = AwsRetryPipeline.Create(
            AwsRetryOptions.Default,
            (attempt, code, delay) => AgentLog.Retrying(logger, attempt, code, (long)delay.TotalMilliseconds));

        // One deadline bounds finding credentials and, for a one-shot fetch, reading every secret.
        using var deadline = Deadline(cancellationToken);
        var credentials = await LoadCredentialsAsync(secrets, pipeline, deadline.Token).ConfigureAwait(false);
        if (credentials is null)
            return ExitCodes.Failure;

        using var http = SecretsManagerHttp.Create(credentials, DefaultRegion(secrets), settings.Verbose ? logger : null);
        var client = new SecretsManagerClient(
            http,
            region => SecretsManagerEndpoint.Resolve(region, env),
            pipeline,
            () => (credentials as RefreshingAWSCredentials)?.ClearCredentials());
        var mode = settings.RefreshInterval is null ? "once" : "refresh";
        var cycle = new FetchCycle(new SecretFetcher(client, env, settings.BatchThreshold, logger), logger, telemetry, mode);

        if (settings.RefreshInterval is { } interval)
        {
            var loop = new RefreshLoop(cycle, writer, new RefreshSchedule(interval, settings.Timeout), logger, errors, time);
            return await loop.RunAsync(secrets, cancellationToken).ConfigureAwait(false);
        }

        var result = await cycle.RunAsync(secrets, deadline.Token).ConfigureAwait(false);
        return Complete(result, writer, secrets.Count, started);
    }

    private int Complete(FetchCycleResult result, AtomicSetWriter writer, int count, long started)
    {
        if (!result.Succeeded)
        {
            Report(result.Failures);
            AgentLog.FetchFailed(logger, result.Failures.Count, count);
            return ExitCodes.Failure;
        }

        if (!TryWrite(writer, result.Files))
            return ExitCodes.Failure;
        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        AgentLog.FilesWritten(logger, result.Files.Count, settings.OutDirectory, elapsed);
        return ExitCodes.Success;
    }

    /// <summary>Writes the set; on failure says so in one line (the exception names paths, never content).</summary>
    internal bool TryWrite(AtomicSetWriter writer, IReadOnlyList<RenderedFile> files)
    {
        try
        {
            writer.Write(files);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AgentLog.WriteFailure(logger, settings.OutDirectory, ex);

            // A refused name says itself what to do; other failures are most often a volume that is not writable.
            var advice = ex is SetWriteException ? "" : " Check that --out is a writable volume.";
            errors.WriteLine($"{Prefix}cannot write into {settings.OutDirectory}: {ex.Message.TrimEnd('.')}.{advice}");
            return false;
        }
    }

    /// <summary>Whether <c>--out</c> is (or could be created as) a writable directory; says why not in one line.</summary>
    private bool OutDirectoryUsable(AtomicSetWriter writer)
    {
        try
        {
            writer.CheckWritable();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"{Prefix}{AgentContract.OutOption} {settings.OutDirectory} is not a writable directory: {ex.Message}");
            return false;
        }
    }

    internal void Report(IReadOnlyList<FetchFailure> failures)
    {
        foreach (var failure in failures)
            errors.WriteLine(failure.ToLine());
        errors.Flush();
    }

    private async Task<AWSCredentials?> LoadCredentialsAsync(
        List<SecretSpec> secrets,
        Polly.ResiliencePipeline pipeline,
        CancellationToken deadline)
    {
        AwsError? error;
        var started = Stopwatch.GetTimestamp();
        try
        {
            (var credentials, error) = await AwsCredentialsLoader.LoadAsync(pipeline, deadline).ConfigureAwait(false);
            if (credentials is not null)
            {
                var source = credentials.GetType().Name;
                var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                AgentLog.CredentialsLoaded(logger, source, elapsed);
                return credentials;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            error = new AwsError(AwsError.Timeout, "no AWS credentials within the timeout", null);
        }

        Report([.. secrets.Select(s => new FetchFailure(s, error!.Code, error.Message))]);
        AgentLog.FetchFailed(logger, secrets.Count, secrets.Count);
        return null;
    }

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        return deadline;
    }

    private string DefaultRegion(IReadOnlyList<SecretSpec> secrets) =>
        secrets.Select(s => AwsEnvironment.RegionFor(s.SecretId, env)).FirstOrDefault(r => r is not null) ?? "us-east-1";

    /// <summary>The secret list from the environment, checked; null (after saying why) when unusable.</summary>
    private List<SecretSpec>? ReadSecrets()
    {
        var json = env(AgentContract.SecretsVariable);
        if (string.IsNullOrWhiteSpace(json))
            return UsageError($"{AgentContract.SecretsVariable} is not set; it must be a JSON array of secrets");

        List<SecretSpec> secrets;
        try
        {
            secrets = [.. AgentContract.ParseSecrets(json)];
        }
        catch (JsonException ex)
        {
            return UsageError($"{AgentContract.SecretsVariable} is not a valid list of secrets: {ex.Message}");
        }

        // JSON null is a valid array element but no secret: name it before anything reads the entries.
        var nulls = Enumerable.Range(0, secrets.Count).Where(i => secrets[i] is null).Select(i => i + 1).ToList();
        if (nulls.Count > 0)
        {
            var which = nulls.Count == 1 ? $"entry {nulls[0]} is" : $"entries {string.Join(", ", nulls)} are";
            return UsageError($"{AgentContract.SecretsVariable} {which} null; each entry must be an object with file and secretId");
        }

        var problems = SecretListProblems(secrets).ToList();
        return problems.Count == 0 ? secrets : UsageError($"{AgentContract.SecretsVariable}: {string.Join("; ", problems)}");
    }

    private static IEnumerable<string> SecretListProblems(List<SecretSpec> secrets)
    {
        if (secrets.Count == 0)
            yield return "lists no secrets";
        foreach (var secret in secrets.Where(s => !FileNames.IsValid(s.File)))
            yield return $"file name '{secret.File}' of secret {secret.SecretId} is not a DNS-1123 label";
        foreach (var group in secrets.GroupBy(s => s.File, StringComparer.Ordinal).Where(g => g.Count() > 1))
            yield return $"file name '{group.Key}' is used by {group.Count()} secrets";
        foreach (var secret in secrets.Where(s => string.IsNullOrWhiteSpace(s.SecretId)))
            yield return $"file {secret.File} has no secret id";
        foreach (var secret in secrets.Where(s => s.SecretId is not null && SecretArn.Region(s.SecretId) is { } r && !AwsEnvironment.IsRegion(r)))
            yield return $"secret id {secret.SecretId} of file {secret.File} names region '{SecretArn.Region(secret.SecretId)}', which is not a region name such as us-east-1";
    }

    private List<SecretSpec>? UsageError(string message)
    {
        errors.WriteLine(Prefix + message);
        return null;
    }
}

using Microsoft.Extensions.Logging;
using SecretInjector.Aws;
using SecretInjector.Contract;

namespace SecretInjector.Agent;

/// <summary>One read of every secret, rendered into files: all of them, or the failures and no files.</summary>
/// <param name="fetcher">Reads the secrets.</param>
/// <param name="logger">Names each failed secret.</param>
/// <param name="telemetry">Counts each secret's result and times the round, under <paramref name="mode"/>.</param>
/// <param name="mode"><c>once</c> or <c>refresh</c>.</param>
public sealed class FetchCycle(SecretFetcher fetcher, ILogger logger, AgentTelemetry telemetry, string mode)
{
    public async Task<FetchCycleResult> RunAsync(IReadOnlyList<SecretSpec> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var results = await fetcher.FetchAsync(secrets, cancellationToken).ConfigureAwait(false);
        var files = new List<RenderedFile>(secrets.Count);
        var failures = new List<FetchFailure>();
        for (var i = 0; i < secrets.Count; i++)
        {
            var rendered = Render(secrets[i], results[i]);
            if (rendered.Content is { } content)
                files.Add(new RenderedFile(secrets[i].File, content));
            else
                failures.Add(new FetchFailure(secrets[i], rendered.Code!, rendered.Message!));
        }

        foreach (var failure in failures)
            AgentLog.SecretFailed(logger, failure.Secret.SecretId, failure.Secret.File, failure.Code);
        telemetry.Record(mode, files.Count, failures, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return failures.Count > 0 ? new FetchCycleResult([], failures) : new FetchCycleResult(files, []);
    }

    private RenderResult Render(SecretSpec spec, AwsResult<SecretValueResponse> result)
    {
        if (result.Value is not { } value)
            return RenderResult.Fail(result.Error!.Code, result.Error.Message);
        AgentLog.SecretRead(logger, spec.SecretId, spec.File, value.VersionId ?? "");
        return ValueRenderer.Render(spec, value);
    }
}

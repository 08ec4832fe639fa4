using System.Diagnostics.Metrics;

namespace SecretInjector.Agent;

/// <summary>
/// The agent's metrics: each secret read, by result, and each fetch's duration. Recording costs next to nothing
/// when nothing listens; <see cref="AgentMetricsExport"/> sends them over OTLP when the standard variables ask.
/// </summary>
public sealed class AgentTelemetry : IDisposable
{
    public const string MeterName = "SecretInjector.Agent";

    /// <summary>Result label of a secret read and written (failures carry their error code, e.g. <c>AccessDeniedException</c>).</summary>
    public const string Ok = "ok";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _results;
    private readonly Histogram<double> _duration;

    public AgentTelemetry()
    {
        _results = _meter.CreateCounter<long>("secret_injector.fetch.results", "{secret}", "Secrets read by the fetch agent, by result (ok or the error code) and mode");
        _duration = _meter.CreateHistogram<double>("secret_injector.fetch.duration", "s", "Time of one fetch of every secret, by outcome and mode");
    }

    /// <param name="mode"><c>once</c> for the one-shot fetch, <c>refresh</c> for a round of the refresh loop.</param>
    /// <param name="read">How many secrets were read and rendered.</param>
    /// <param name="failures">The secrets that were not, with their error codes.</param>
    /// <param name="elapsed">How long the round took.</param>
    public void Record(string mode, int read, IReadOnlyList<FetchFailure> failures, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (read > 0)
            _results.Add(read, new("result", Ok), new("mode", mode));
        foreach (var group in failures.GroupBy(f => f.Code, StringComparer.Ordinal))
            _results.Add(group.Count(), new("result", group.Key), new("mode", mode));
        _duration.Record(elapsed.TotalSeconds, new("outcome", failures.Count == 0 ? "success" : "failure"), new("mode", mode));
    }

    public void Dispose() => _meter.Dispose();
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SecretInjector.Telemetry;

/// <summary>
/// The webhook's meter and activity source, created once. Instrument names follow OpenTelemetry's conventions
/// (dotted, unit in the metadata); the Prometheus endpoint shows them with underscores and a unit suffix,
/// e.g. <c>secret_injector_admission_duration_seconds</c>.
/// </summary>
public sealed class WebhookTelemetry : IDisposable
{
    public const string Name = "SecretInjector";

    /// <summary>The operations admission.k8s.io/v1 defines; anything else a sender writes is counted as <c>other</c>.</summary>
    private static readonly HashSet<string> KnownOperations = ["CREATE", "UPDATE", "DELETE", "CONNECT"];

    private readonly Meter _meter;
    private readonly Counter<long> _reviews;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _injections;
    private readonly Counter<long> _denials;
    private readonly Counter<long> _auditViolations;
    private readonly Counter<long> _policyReloads;

    public WebhookTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Name);
        _reviews = _meter.CreateCounter<long>("secret_injector.admission.reviews", "{review}", "Admission reviews answered, by operation, outcome and reason");
        _duration = _meter.CreateHistogram<double>("secret_injector.admission.duration", "s", "Time to answer an admission review, by outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _injections = _meter.CreateCounter<long>("secret_injector.injections", "{pod}", "Pods patched, by mode (dry runs included, marked)");
        _denials = _meter.CreateCounter<long>("secret_injector.denials", "{pod}", "Pods denied, by reason");
        _auditViolations = _meter.CreateCounter<long>("secret_injector.policy.audit_violations", "{pod}", "Pods admitted under enforcement: audit that deny would have refused, by reason");
        _policyReloads = _meter.CreateCounter<long>("secret_injector.policy.reloads", "{reload}", "Policy file changes seen, by result (success or failure)");
    }

    /// <summary>Traces: one span per admission review.</summary>
    public static ActivitySource Activities { get; } = new(Name);

    public Meter Meter => _meter;

    public void RecordReview(string operation, string outcome, string reason, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "operation", KnownOperations.Contains(operation) ? operation : "other" },
            { "outcome", outcome },
            { "reason", reason },
        };
        _reviews.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void RecordInjection(string mode, bool dryRun) =>
        _injections.Add(1, new KeyValuePair<string, object?>("mode", mode), new KeyValuePair<string, object?>("dry_run", dryRun));

    /// <summary>A pod admitted under <c>enforcement: audit</c> that <c>deny</c> would have refused, by the reason it would have given.</summary>
    public void RecordAuditViolation(string reason) =>
        _auditViolations.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RecordDenial(string reason) =>
        _denials.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RecordPolicyReload(bool success) =>
        _policyReloads.Add(1, new KeyValuePair<string, object?>("result", success ? "success" : "failure"));

    /// <summary>Reports whether the cluster cache has synced (1) or not (0) each time metrics are collected.</summary>
    public void ObserveClusterSync(Func<bool> synced) =>
        _meter.CreateObservableGauge("secret_injector.cluster.synced", () => synced() ? 1 : 0, "1", "1 when the cluster cache has its first complete picture");

    public void Dispose() => _meter.Dispose();
}

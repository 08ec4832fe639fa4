namespace SecretInjector.Configuration;

/// <summary>
/// Settings of the injection, read from the optional <c>--config</c> YAML file (keys as below, camelCase).
/// Every property has a default, so the file is needed only to change one.
/// </summary>
public sealed class InjectorOptions
{
    /// <summary>Image of the injected containers; its entry point is <c>secret-injector</c>.</summary>
    public string Image { get; set; } = "ghcr.io/secret-injector/secret-injector:0.1.0";

    /// <summary><c>Always</c>, <c>IfNotPresent</c> or <c>Never</c>.</summary>
    public string ImagePullPolicy { get; set; } = "IfNotPresent";

    /// <summary>Resource requests of each injected container (Kubernetes quantities).</summary>
    public Dictionary<string, string> Requests { get; set; } = new(StringComparer.Ordinal)
    {
        ["cpu"] = "50m",
        ["memory"] = "64Mi",
    };

    /// <summary>Resource limits of each injected container (Kubernetes quantities).</summary>
    public Dictionary<string, string> Limits { get; set; } = new(StringComparer.Ordinal)
    {
        ["cpu"] = "500m",
        ["memory"] = "128Mi",
    };

    /// <summary>Mode used when a pod has no <c>mode</c> annotation: <c>init</c>, <c>csi</c> or <c>sidecar</c>.</summary>
    public string DefaultMode { get; set; } = "init";

    /// <summary>Where the files appear in app containers when a pod has no <c>mount-path</c> annotation.</summary>
    public string DefaultMountPath { get; set; } = "/mnt/secrets";

    /// <summary>
    /// UID the agent runs as when the pod does not say which user its readers run as (the image's own
    /// non-root user). When every reader runs as one known non-root UID, the agent runs as that UID.
    /// </summary>
    public long AgentUser { get; set; } = 65532;

    /// <summary>Size limit of the memory-backed secrets volume (a Kubernetes quantity).</summary>
    public string SecretsVolumeSizeLimit { get; set; } = "16Mi";

    /// <summary>
    /// Region given to the injected containers (<c>AWS_REGION</c>) when the webhook wires the pod's AWS identity
    /// itself; empty to leave it to secret ARNs or the image. Pods that already carry an identity keep their own.
    /// </summary>
    public string AwsRegion { get; set; } = "";

    /// <summary>Shortest <c>refresh-interval</c> a pod may ask for, in seconds.</summary>
    public int MinRefreshIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// True to inject the refresh loop as a native sidecar (an init container with
    /// <c>restartPolicy: Always</c>, Kubernetes 1.29+); false for a classic sidecar container.
    /// </summary>
    public bool NativeSidecars { get; set; } = true;

    /// <summary>
    /// Seconds one fetch of the injected agent may take, credentials, calls and retries included, before each
    /// unread secret fails with <c>Timeout</c> (<c>--timeout</c>); unset, the agent's 60 s.
    /// </summary>
    public int? FetchTimeoutSeconds { get; set; }

    /// <summary>
    /// Secrets of one region from which the agent reads them with one <c>BatchGetSecretValue</c> call
    /// (<c>--batch-threshold</c>); 0 never batches; unset, the agent's 10.
    /// </summary>
    public int? BatchThreshold { get; set; }

    /// <summary>
    /// An OpenTelemetry collector (OTLP over HTTP, e.g. <c>http://otel-collector.monitoring:4318</c>) to which the
    /// injected agents send their fetch metrics; empty, they send none.
    /// </summary>
    public string AgentOtlpEndpoint { get; set; } = "";
}

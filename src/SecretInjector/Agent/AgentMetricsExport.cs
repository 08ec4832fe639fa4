using System.Runtime.CompilerServices;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace SecretInjector.Agent;

/// <summary>
/// OTLP export of the agent's metrics, on only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or its metrics-only form)
/// is set and <c>OTEL_METRICS_EXPORTER</c> is not <c>none</c>. The exporter reads the other standard variables
/// (protocol, headers, interval) itself. When export is off, the OpenTelemetry assemblies are never loaded, so the
/// agent's start-up in every pod pays nothing for it.
/// </summary>
public static class AgentMetricsExport
{
    public const string ServiceName = "secret-injector-agent";

    /// <summary>A provider to dispose at exit (which sends what is left), or null when export is off.</summary>
    public static IDisposable? StartIfConfigured(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var endpoint = env("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT") ?? env("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (string.IsNullOrWhiteSpace(endpoint) || string.Equals(env("OTEL_METRICS_EXPORTER"), "none", StringComparison.OrdinalIgnoreCase))
            return null;
        return Start();
    }

    // Kept out of line, and typed IDisposable: compiling the caller must not load the OpenTelemetry assemblies.
    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "A MeterProvider return type would load OpenTelemetry when the caller is compiled, export or not.")]
    private static IDisposable Start() =>
        Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService(ServiceName))
            .AddMeter(AgentTelemetry.MeterName)
            .AddOtlpExporter()
            .Build();
}

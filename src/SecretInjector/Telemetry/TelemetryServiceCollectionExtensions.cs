using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SecretInjector.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    private static readonly string[] OtlpEndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];

    /// <summary>
    /// Metrics for the Prometheus endpoint <c>/metrics</c>, and traces and metrics over OTLP when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or a signal-specific endpoint) is set; <c>OTEL_SERVICE_NAME</c> and the
    /// other <c>OTEL_*</c> variables are honoured by the SDK.
    /// </summary>
    public static IServiceCollection AddWebhookTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<WebhookTelemetry>();
        var otlp = OtlpEndpointVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("secret-injector", serviceVersion: typeof(WebhookTelemetry).Assembly.GetName().Version?.ToString()))
            .WithMetrics(m => m
                .AddMeter(WebhookTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(t => t
                .AddSource(WebhookTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (otlp)
            telemetry.UseOtlpExporter();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Telemetry;

public sealed class WebhookTelemetryTests
{
    [Fact]
    public async Task Metrics_AfterSampleReviews_ShowTheNamedMetricsWithLabels()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await WebhookServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var responses = new List<string>();
        foreach (var name in AdmissionFixtures.Names())
            responses.Add((await server.PostAsync(AdmissionFixtures.Review(name).ToJsonString())).Text);

        var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("secret_injector_admission_reviews_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("operation=\"CREATE\"", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"patched\"", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"denied\"", metrics, StringComparison.Ordinal);
        Assert.Contains("secret_injector_admission_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("secret_injector_injections_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("mode=\"init\"", metrics, StringComparison.Ordinal);
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("secret_injector_denials_total{", StringComparison.Ordinal) && l.Contains("reason=\"secret-not-allowed\"", StringComparison.Ordinal));
        Assert.Contains("secret_injector_cluster_synced", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("Denied pod payments/ledger-0", StringComparison.Ordinal) && l.Contains("service account ledger", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_OperationsAdmissionDoesNotDefine_AreCountedAsOther()
    {
        await using var server = await WebhookServer.StartAsync();
        foreach (var operation in new[] { "FORGED-1", "FORGED-2" })
        {
            var review = AdmissionFixtures.Review("02-pod-create-no-annotations-passthrough-namespace-only-in-request.json");
            review["request"]!["operation"] = operation;
            await server.PostAsync(review.ToJsonString());
        }

        var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("operation=\"other\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("FORGED", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_OfEveryFixtureReview_HoldNoSecretValue()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await WebhookServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var responses = new List<string>();
        foreach (var name in AdmissionFixtures.Names())
            responses.Add((await server.PostAsync(AdmissionFixtures.Review(name).ToJsonString())).Text);

        var secrets = FixtureSecrets.Values();

        Assert.NotEmpty(secrets);
        Assert.NotEmpty(logs.Lines);
        foreach (var value in secrets)
        {
            Assert.DoesNotContain(value, logs.All, StringComparison.Ordinal);
            Assert.DoesNotContain(responses, r => r.Contains(value, StringComparison.Ordinal));
        }
    }
}

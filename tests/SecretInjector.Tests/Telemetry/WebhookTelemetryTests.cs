using System.Text.Json.Nodes;
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
    public async Task Traces_EachReview_IsOneSpanWithItsPodAndDecision()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == SecretInjector.Telemetry.WebhookTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var server = await WebhookServer.StartAsync();
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json");
        // The listener hears every server in the test run: a uid of its own picks this review's span out.
        var uid = Guid.NewGuid().ToString();
        review["request"]!["uid"] = uid;

        await server.PostAsync(review.ToJsonString());

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("secret_injector.request.uid") == uid);
        Assert.Equal("admission review", span.DisplayName);
        Assert.Equal("payments", span.GetTagItem("k8s.namespace.name"));
        Assert.Equal("CREATE", span.GetTagItem("secret_injector.operation"));
        Assert.Equal("injected", span.GetTagItem("secret_injector.reason"));
    }

    [Fact]
    public async Task Metrics_PolicyFileRewritten_CountsGoodAndBadReloads()
    {
        var folder = Directory.CreateTempSubdirectory("policy-metrics-").FullName;
        var policy = Path.Combine(folder, "policy.yaml");
        File.Copy(RepoPaths.Fixture("admission", "policy.yaml"), policy);
        await using var server = await WebhookServer.StartAsync(directory => new SecretInjector.Hosting.ServeArguments(
            "https://127.0.0.1:0", Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"), null, policy, null,
            RepoPaths.Fixture("admission", "cluster-state.yaml")));

        // The store's own check, as its timer runs it: the count must not hang on when a busy machine fires the timer.
        var store = server.App.Services.GetRequiredService<SecretInjector.Policy.PolicyFileStore>();
        await File.WriteAllTextAsync(policy, "enforcement: maybe\n");
        store.TryReload();
        var failed = await MetricsWhenAsync(server, m => m.Contains("result=\"failure\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(policy, "enforcement: audit\nrules: []\n");
        store.TryReload();
        var succeeded = await MetricsWhenAsync(server, m => m.Contains("result=\"success\"", StringComparison.Ordinal));

        Assert.Contains(failed.Split('\n'), l => l.StartsWith("secret_injector_policy_reloads_total{", StringComparison.Ordinal) && l.Contains("result=\"failure\"", StringComparison.Ordinal));
        Assert.Contains(succeeded.Split('\n'), l => l.StartsWith("secret_injector_policy_reloads_total{", StringComparison.Ordinal) && l.Contains("result=\"success\"", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Metrics_AuditEnforcement_CountsWhatDenyWouldHaveRefused()
    {
        var folder = Directory.CreateTempSubdirectory("policy-audit-").FullName;
        var policy = Path.Combine(folder, "policy.yaml");
        await File.WriteAllTextAsync(policy, File.ReadAllText(RepoPaths.Fixture("admission", "policy.yaml")).Replace("enforcement: deny", "enforcement: audit", StringComparison.Ordinal));
        await using var server = await WebhookServer.StartAsync(directory => new SecretInjector.Hosting.ServeArguments(
            "https://127.0.0.1:0", Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"), null, policy, null,
            RepoPaths.Fixture("admission", "cluster-state.yaml")));

        var (_, body, _) = await server.PostAsync(AdmissionFixtures.Review("05-pod-create-statefulset-forged-status-mark-secret-outside-policy.json").ToJsonString());
        var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.True(body!["response"]!["allowed"]!.GetValue<bool>());
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("secret_injector_policy_audit_violations_total{", StringComparison.Ordinal) && l.Contains("reason=\"secret-not-allowed\"", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The scrape once it satisfies <paramref name="condition"/>, polling for up to 30 s (a loaded machine is slow).</summary>
    private static async Task<string> MetricsWhenAsync(WebhookServer server, Func<string, bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (condition(metrics))
                return metrics;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the metric did not appear within 30 s");
            await Task.Delay(100);
        }
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
    public async Task Logs_OfEveryFixtureReviewCarryingSecretValues_HoldNoneOfThem()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await WebhookServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var secrets = FixtureSecrets.Values();
        var responses = new List<string>();
        foreach (var name in AdmissionFixtures.Names())
        {
            // The webhook sees what pods carry: values hard-coded in env, other tools' annotations. None may be logged.
            var review = AdmissionFixtures.Review(name);
            var pod = review["request"]!["object"]!.AsObject();
            var annotations = pod["metadata"]!["annotations"] as JsonObject ?? [];
            pod["metadata"]!["annotations"] = annotations;
            annotations["example.com/note"] = secrets[0];
            foreach (var container in pod["spec"]!["containers"]!.AsArray())
            {
                var env = container!["env"] as JsonArray ?? [];
                container["env"] = env;
                env.Add(new JsonObject { ["name"] = "HARD_CODED", ["value"] = secrets[^1] });
            }

            responses.Add((await server.PostAsync(review.ToJsonString())).Text);
        }

        Assert.True(secrets.Count > 1);
        Assert.Contains(logs.Lines, l => l.Contains("Denied pod", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Admitted pod", StringComparison.Ordinal));
        Assert.DoesNotContain(secrets[0], logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(secrets[^1], logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(responses, r => r.Contains(secrets[0], StringComparison.Ordinal) || r.Contains(secrets[^1], StringComparison.Ordinal));
    }
}

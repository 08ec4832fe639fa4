using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecretInjector.Hosting;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Policy;

/// <summary>The policy file changes the way a mounted ConfigMap does (a symlinked folder swapped) while reviews flow.</summary>
public sealed class PolicyReloadTests
{
    private const string Allowing = """
        enforcement: deny
        rules:
          - name: payments
            namespaces: [payments]
            allowedRoles: ["arn:aws:iam::111122223333:role/payments-*"]
            allowedSecrets: ["payments/*", "arn:aws:secretsmanager:*:111122223333:secret:payments/*"]
        """;

    private const string Denying = """
        enforcement: deny
        rules:
          - name: payments-locked
            namespaces: [payments]
            allowedRoles: ["arn:aws:iam::111122223333:role/payments-*"]
            allowedSecrets: ["nothing/*"]
        """;

    [Fact]
    public async Task ConfigMapStyleSwap_DuringReviews_EveryDecisionIsUnderTheOldOrTheNewPolicy()
    {
        var folder = Directory.CreateTempSubdirectory("policy-").FullName;
        var policyPath = ConfigMapFolder.Create(folder, "policy.yaml", Allowing);
        await using var server = await WebhookServer.StartAsync(dir => Arguments(dir, policyPath));
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json").ToJsonString();
        var outcomes = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, body, text) = await server.PostAsync(review);
                var response = body?["response"];
                var outcome = status != HttpStatusCode.OK ? $"http {status}"
                    : response!["allowed"]!.GetValue<bool>() && response["patch"] is not null ? "old"
                    : response["status"]?["message"]?.GetValue<string>()?.Contains("by rule payments-locked", StringComparison.Ordinal) == true ? "new"
                    : "other: " + text;
                lock (outcomes)
                    outcomes.Add(outcome);
                firstAnswered.TrySetResult();
                if (outcome == "new")
                    break;
            }
        });
        await firstAnswered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        ConfigMapFolder.Swap(folder, "policy.yaml", Denying);
        await load.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(outcomes, o => Assert.True(o is "old" or "new", o));
        Assert.Equal("old", outcomes[0]);
        Assert.Equal("new", outcomes[^1]);
    }

    [Fact]
    public async Task InvalidUpdate_KeepsTheLastGoodPolicyAndStaysReady()
    {
        var folder = Directory.CreateTempSubdirectory("policy-").FullName;
        var policyPath = ConfigMapFolder.Create(folder, "policy.yaml", Allowing);
        var logs = new CapturingLoggerProvider();
        await using var server = await WebhookServer.StartAsync(dir => Arguments(dir, policyPath), s => s.AddSingleton<ILoggerProvider>(logs));
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json").ToJsonString();

        ConfigMapFolder.Swap(folder, "policy.yaml", "enforcement: maybe\n");
        await Eventually.TrueAsync(() => logs.Lines.Any(IsRejection), "the log line refusing the new policy");
        var (_, body, text) = await server.PostAsync(review);
        using var ready = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Contains(logs.Lines, l => IsRejection(l) && l.Contains("enforcement: 'maybe' is not one of deny, audit", StringComparison.Ordinal));
        Assert.True(body!["response"]!["allowed"]!.GetValue<bool>(), text);
        Assert.NotNull(body["response"]!["patch"]);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static bool IsRejection(string line) =>
        line.Contains("[1202] Policy file ", StringComparison.Ordinal) && line.Contains("the last good policy stays in force", StringComparison.Ordinal);

    private static ServeArguments Arguments(string certFolder, string policyPath) => new(
        "https://127.0.0.1:0",
        Path.Combine(certFolder, "tls.crt"),
        Path.Combine(certFolder, "tls.key"),
        null,
        policyPath,
        null,
        RepoPaths.Fixture("admission", "cluster-state.yaml"));
}

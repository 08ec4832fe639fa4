using System.Net;
using System.Text.Json.Nodes;
using SecretInjector.Hosting;
using SecretInjector.Manifests;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Admission;

/// <summary>
/// The webhook with <c>--kubeconfig</c> against a Kubernetes API on loopback, through the real client: ready only
/// after the first sync, and decisions follow objects that change after start-up.
/// </summary>
public sealed class LiveClusterServeTests
{
    [Fact]
    public async Task Serve_WithKubeconfig_IsReadyAfterSyncAndDecidesFromTheCache()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        foreach (var doc in YamlReader.ReadAll(File.ReadAllText(RepoPaths.Fixture("admission", "cluster-state.yaml"))))
            api.Apply(doc.Root!.AsObject());
        api.Health = FakeKubernetesApiHealth.Unavailable;
        var kubeconfig = WriteKubeconfig(api.Address);
        await using var server = await WebhookServer.StartAsync(dir => new ServeArguments(
            "https://127.0.0.1:0", Path.Combine(dir, "tls.crt"), Path.Combine(dir, "tls.key"), null,
            RepoPaths.Fixture("admission", "policy.yaml"), kubeconfig, null));

        using var before = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        api.Health = FakeKubernetesApiHealth.Healthy;
        await Eventually.MatchesAsync(() => Ready(server), ok => ok, "the webhook reports ready");
        var allowed = await server.PostAsync(AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json").ToJsonString());
        var denied = await server.PostAsync(AdmissionFixtures.Review("05-pod-create-statefulset-forged-status-mark-secret-outside-policy.json").ToJsonString());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.NotNull(allowed.Body!["response"]!["patch"]);
        Assert.Contains("role arn:aws:iam::111122223333:role/payments-ledger", denied.Body!["response"]!["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        api.Apply(FakeKubernetesApiObjects.ServiceAccount("payments", "ledger", new Dictionary<string, string>
        {
            ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/payments-ledger-v2",
        }));
        await Eventually.MatchesAsync(
            async () => (await server.PostAsync(AdmissionFixtures.Review("05-pod-create-statefulset-forged-status-mark-secret-outside-policy.json").ToJsonString())).Body!["response"]!["status"]!["message"]!.GetValue<string>(),
            message => message.Contains("payments-ledger-v2", StringComparison.Ordinal),
            "the changed role reaches decisions");
    }

    [Fact]
    public async Task Serve_ApiServerDownForAnUncachedServiceAccount_DeniesWithin5Seconds()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        foreach (var doc in YamlReader.ReadAll(File.ReadAllText(RepoPaths.Fixture("admission", "cluster-state.yaml"))))
        {
            if (doc.Root!["metadata"]!["name"]!.GetValue<string>() != "payments-api")
                api.Apply(doc.Root!.AsObject());
        }

        await using var server = await WebhookServer.StartAsync(dir => new ServeArguments(
            "https://127.0.0.1:0", Path.Combine(dir, "tls.crt"), Path.Combine(dir, "tls.key"), null,
            RepoPaths.Fixture("admission", "policy.yaml"), WriteKubeconfig(api.Address), null));
        await Eventually.MatchesAsync(() => Ready(server), ok => ok, "the webhook reports ready");
        api.Health = FakeKubernetesApiHealth.Dropping;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (status, body, _) = await server.PostAsync(AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body!["response"]!["allowed"]!.GetValue<bool>());
        Assert.Contains("cannot read service account payments/payments-api", body["response"]!["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    private static async Task<bool> Ready(WebhookServer server)
    {
        using var response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static string WriteKubeconfig(Uri api)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kubeconfig-").FullName, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: fake
                cluster:
                  server: {api.ToString().TrimEnd('/')}
            users:
              - name: tester
                user:
                  token: not-a-real-token
            contexts:
              - name: fake
                context:
                  cluster: fake
                  user: tester
            current-context: fake
            """);
        return path;
    }
}

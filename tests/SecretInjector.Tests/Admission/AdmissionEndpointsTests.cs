using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecretInjector.Admission;
using SecretInjector.Injection;
using SecretInjector.Manifests;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Admission;

public sealed class AdmissionEndpointsTests : IAsyncLifetime
{
    /// <summary>
    /// What shared/fixtures/admission/README.md says each fixture gets with its policy.yaml and cluster-state.yaml,
    /// which the server is started with.
    /// </summary>
    private static readonly Dictionary<string, Outcome> Expected = new(StringComparer.Ordinal)
    {
        ["01-pod-create-deployment-init-mode-irsa.json"] = Outcome.Patched,
        ["02-pod-create-no-annotations-passthrough-namespace-only-in-request.json"] = Outcome.Unchanged,
        ["03-pod-create-deployment-sidecar-mode-existing-native-sidecar.json"] = Outcome.Patched,
        ["04-pod-create-deployment-csi-mode-pod-identity.json"] = Outcome.Patched,
        ["05-pod-create-statefulset-forged-status-mark-secret-outside-policy.json"] = Outcome.Denied(
            403, "namespace payments", "service account ledger", "role/payments-ledger", "treasury/ledger-signing-key"),
        ["06-pod-create-cronjob-job-invalid-secret-name.json"] = Outcome.Denied(400, "secret-injector.io/secret-Report_DB"),
        ["07-pod-create-bare-pod-kubectl-server-dry-run.json"] = Outcome.Patched,
    };

    private WebhookServer _server = null!;

    public static TheoryData<string> FixtureNames() => [.. AdmissionFixtures.Names()];

    public static TheoryData<string> PatchedFixtureNames() =>
        [.. AdmissionFixtures.Names().Where(n => Expected.TryGetValue(n, out var outcome) && outcome.Patch)];

    public async Task InitializeAsync() => _server = await WebhookServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public async Task Mutate_FixtureOverHttps_AnswersTheOutcomeTheFixturesReadmeGives(string name)
    {
        Assert.True(Expected.TryGetValue(name, out var expected), $"{name} has no expected outcome here; add the one its README gives");
        var review = AdmissionFixtures.Review(name);
        var pod = review["request"]!["object"]!.DeepClone();

        var (status, body, text) = await _server.PostAsync(review.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("admission.k8s.io/v1", body!["apiVersion"]!.GetValue<string>());
        Assert.Equal("AdmissionReview", body["kind"]!.GetValue<string>());
        var response = body["response"]!.AsObject();
        Assert.Equal(review["request"]!["uid"]!.GetValue<string>(), response["uid"]!.GetValue<string>());
        Assert.True(expected.Allowed == response["allowed"]!.GetValue<bool>(), text);
        if (!expected.Allowed)
        {
            Assert.Equal(expected.Code, response["status"]!["code"]!.GetValue<int>());
            var message = response["status"]!["message"]!.GetValue<string>();
            Assert.All(expected.MessageParts, part => Assert.Contains(part, message, StringComparison.Ordinal));
            Assert.Null(response["patch"]);
            return;
        }

        Assert.True(expected.Patch == (response["patch"] is not null), text);
        if (!expected.Patch)
            return;
        Assert.Equal("JSONPatch", response["patchType"]!.GetValue<string>());
        PatchApplier.Apply(pod, Patch(response));
        Assert.Empty(KubernetesSchemas.Problems(pod));
    }

    [Theory]
    [MemberData(nameof(PatchedFixtureNames))]
    public async Task Mutate_PatchedFixtureSentBack_GetsNoPatch(string name)
    {
        var review = AdmissionFixtures.Review(name);
        var (_, first, _) = await _server.PostAsync(review.ToJsonString());
        PatchApplier.Apply(review["request"]!["object"]!, Patch(first!["response"]!.AsObject()));

        var (status, second, text) = await _server.PostAsync(review.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(second!["response"]!["allowed"]!.GetValue<bool>(), text);
        Assert.Null(second["response"]!["patch"]);
    }

    [Theory]
    [InlineData("not json", "the body is not an AdmissionReview")]
    [InlineData("[]", "the body is not an AdmissionReview")]
    [InlineData("null", "JSON null")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE"}}""", "only admission.k8s.io/v1 is served")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"Pod"}""", "expected AdmissionReview")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "has no request")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE"}}""", "has no uid")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}}""", "the body is not an AdmissionReview")]
    public async Task Mutate_NotAnAdmissionReview_Answers400WithOneLineReason(string body, string expected)
    {
        var (status, _, text) = await _server.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Single(text.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Mutate_ObjectWithADuplicateKey_Answers400NamingWhere()
    {
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json");
        var text = review.ToJsonString().Replace(
            "\"serviceAccountName\":", "\"serviceAccountName\":\"default\",\"serviceAccountName\":", StringComparison.Ordinal);

        var (status, _, answer) = await _server.PostAsync(text);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("a JSON object holds a key twice", answer, StringComparison.Ordinal);
        Assert.Contains("serviceAccountName", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_RequestWithADuplicateKey_Answers400()
    {
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json");
        var text = review.ToJsonString().Replace("\"operation\":\"CREATE\"", "\"operation\":\"DELETE\",\"operation\":\"CREATE\"", StringComparison.Ordinal);

        var (status, _, answer) = await _server.PostAsync(text);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("operation", answer, StringComparison.Ordinal);
        Assert.Contains("duplicate", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Mutate_ReviewNamingItsNamespaceOnlyInTheObject_IsJudgedInThatNamespace()
    {
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json");
        var ns = review["request"]!["namespace"]!.GetValue<string>();
        review["request"]!.AsObject().Remove("namespace");
        review["request"]!["object"]!["metadata"]!["namespace"] = ns;

        var (status, body, text) = await _server.PostAsync(review.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["response"]!["allowed"]!.GetValue<bool>(), text);
        Assert.NotNull(body["response"]!["patch"]);
    }

    [Theory]
    [InlineData("payments/\\ud800db", "escapes a lone UTF-16 surrogate")]
    [InlineData("payments/\u00ffdb", "is not valid UTF-8")]
    public async Task Mutate_TextNoStringCanHold_Answers400(string secret, string expected)
    {
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json");
        review["request"]!["object"]!["metadata"]!["annotations"]!["secret-injector.io/secret-db"] = "PLACEHOLDER";
        // The placeholder becomes either a raw 0xFF byte (never valid in UTF-8) or a JSON escape of a lone surrogate.
        var text = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(review.ToJsonString())).Replace("PLACEHOLDER", secret, StringComparison.Ordinal);
        using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(text));
        content.Headers.ContentType = new("application/json");

        using var response = await _server.Client.PostAsync(new Uri("/mutate", UriKind.Relative), content);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_DeclaredLengthOverTheLimit_Answers413BeforeTheBodyIsSent()
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(_server.Address.Host, _server.Address.Port);
        var expected = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(_server.CertPath)).Thumbprint;
        await using var tls = new System.Net.Security.SslStream(
            tcp.GetStream(), false, (_, cert, _, _) => cert is not null && cert.GetCertHashString() == expected);
        await tls.AuthenticateAsClientAsync("localhost");
        var head = $"POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {AdmissionReviewReader.MaxBodyBytes + 1}\r\n\r\n{{";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));

        var buffer = new byte[256];
        var read = await tls.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_ChunkedBodyOverTheLimit_Answers413()
    {
        var body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"x\":\"" + new string('a', (int)AdmissionReviewReader.MaxBodyBytes) + "\"}}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mutate", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probe_RunningServer_Answers200(string path)
    {
        using var response = await _server.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Mutate_DecisionThrows_DeniesInsideA200Review()
    {
        await using var server = await WebhookServer.StartAsync(services: s => s.AddSingleton<IDecisionContextSource, ThrowingContextSource>());
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json");

        var (status, body, _) = await server.PostAsync(review.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body!["response"]!["allowed"]!.GetValue<bool>());
        Assert.Equal(500, body["response"]!["status"]!["code"]!.GetValue<int>());
    }

    private static List<PatchOperation> Patch(JsonObject response) =>
        [.. JsonNode.Parse(Convert.FromBase64String(response["patch"]!.GetValue<string>()))!.AsArray()
            .Select(o => new PatchOperation(o!["op"]!.GetValue<string>(), o["path"]!.GetValue<string>(), o["value"]?.DeepClone()))];

    /// <summary>An expected answer: allowed with or without a patch, or denied with a code and message parts.</summary>
    private sealed record Outcome(bool Allowed, bool Patch, int Code, string[] MessageParts)
    {
        public static Outcome Patched { get; } = new(true, true, 200, []);

        public static Outcome Unchanged { get; } = new(true, false, 200, []);

        public static Outcome Denied(int code, params string[] messageParts) => new(false, false, code, messageParts);
    }

    private sealed class ThrowingContextSource : IDecisionContextSource
    {
        public bool IsReady => true;

        public ValueTask<DecisionContext> ForAsync(AdmissionInput input, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }
}

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
    private WebhookServer _server = null!;

    public static TheoryData<string> FixtureNames() => [.. AdmissionFixtures.Names()];

    public async Task InitializeAsync() => _server = await WebhookServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public async Task Mutate_FixtureOverHttps_AnswersAReviewWhosePatchApplies(string name)
    {
        var review = AdmissionFixtures.Review(name);
        var pod = review["request"]!["object"]!.DeepClone();

        var (status, body, text) = await _server.PostAsync(review.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("admission.k8s.io/v1", body!["apiVersion"]!.GetValue<string>());
        Assert.Equal("AdmissionReview", body["kind"]!.GetValue<string>());
        var response = body["response"]!.AsObject();
        Assert.Equal(review["request"]!["uid"]!.GetValue<string>(), response["uid"]!.GetValue<string>());
        if (!response["allowed"]!.GetValue<bool>())
        {
            Assert.False(string.IsNullOrEmpty(response["status"]!["message"]!.GetValue<string>()), text);
            return;
        }

        if (response["patch"] is null)
            return;
        Assert.Equal("JSONPatch", response["patchType"]!.GetValue<string>());
        var ops = JsonNode.Parse(Convert.FromBase64String(response["patch"]!.GetValue<string>()))!.AsArray();
        var patch = ops.Select(o => new PatchOperation(o!["op"]!.GetValue<string>(), o["path"]!.GetValue<string>(), o["value"]?.DeepClone())).ToList();
        PatchApplier.Apply(pod, patch);
        Assert.Empty(KubernetesSchemas.Problems(pod));
    }

    [Fact]
    public async Task Mutate_PatchedPodSentBack_GetsNoPatch()
    {
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json");
        var (_, first, _) = await _server.PostAsync(review.ToJsonString());
        var ops = JsonNode.Parse(Convert.FromBase64String(first!["response"]!["patch"]!.GetValue<string>()))!.AsArray();
        var pod = review["request"]!["object"]!;
        PatchApplier.Apply(pod, [.. ops.Select(o => new PatchOperation(o!["op"]!.GetValue<string>(), o["path"]!.GetValue<string>(), o["value"]?.DeepClone()))]);

        var (_, second, _) = await _server.PostAsync(review.ToJsonString());

        Assert.True(second!["response"]!["allowed"]!.GetValue<bool>());
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
        Assert.Contains("request.object.spec has a duplicate key", answer, StringComparison.Ordinal);
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

    private sealed class ThrowingContextSource : IDecisionContextSource
    {
        public bool IsReady => true;

        public ValueTask<DecisionContext> ForAsync(AdmissionInput input, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }
}

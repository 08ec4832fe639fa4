using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using SecretInjector.Configuration;
using SecretInjector.Contract;
using SecretInjector.Tests.TestSupport;
using Xunit;

namespace SecretInjector.Tests.Agent;

/// <summary>
/// The init container that the webhook injects, run as a real process with its own args and env, against the
/// loopback AWS stub: the right files, contents and modes, for IRSA and for EKS Pod Identity.
/// </summary>
[Collection(SerialAgentRuns.Name)]
[SupportedOSPlatform("linux")]
public sealed class FetchAgentEndToEndTests : IAsyncLifetime, IDisposable
{
    private LoopbackAws _aws = null!;
    private readonly TempDirectory _temp = new();

    public async Task InitializeAsync() => _aws = await LoopbackAws.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task InitContainer_Irsa_WritesEverySecretWithContentAndMode()
    {
        var container = InjectedContainer.FromPodAsset("pod-irsa.json", "payments");
        var env = await IrsaEnvAsync(container);
        var outDir = Path.Combine(_temp.Path, "out");

        var run = await AgentProcess.RunAsync(container.ArgsWithOut(outDir), env);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(_aws.Requests, r => r.Target == "sts.AssumeRoleWithWebIdentity");
        AssertAllSigned(LoopbackAws.StsAccessKey);

        // Seven files from five distinct reads: files cut from the same secret version share one call.
        Assert.Equal(5, _aws.Requests.Count(r => r.Target == "secretsmanager.GetSecretValue"));
        Assert.Equal("EXAMPLE-PASSWORD-1", ReadText(outDir, "db-password"));
        Assert.Equal("sk_test_EXAMPLEKEY0000", ReadText(outDir, "stripe-key"));
        Assert.Equal("3", ReadText(outDir, "retries"));
        Assert.Equal("EXAMPLE-not-json-token=with+symbols/and\u00e9", ReadText(outDir, "app-token"));
        Assert.StartsWith("{\"username\": \"payments_app\"", ReadText(outDir, "db-json"), StringComparison.Ordinal);
        Assert.Equal(Convert.FromBase64String(SigningKeyBase64), await File.ReadAllBytesAsync(Path.Combine(outDir, "signing-key")));
        Assert.Equal(ExpectedEnvFile, ReadText(outDir, "app-env"));
        AssertLayout(outDir, ["app-env", "app-token", "db-json", "db-password", "retries", "signing-key", "stripe-key"], (UnixFileMode)0b100_100_000);
    }

    [Theory]
    [InlineData("sts.error.InvalidIdentityToken", "InvalidIdentityToken")]
    [InlineData("sts.error.AccessDenied", "AccessDenied")]
    public async Task InitContainer_IrsaRefusedBySts_FailsNamingTheStsError(string stsCase, string code)
    {
        _aws.StsCase = stsCase;
        var container = InjectedContainer.FromPodAsset("pod-irsa.json", "payments");
        var env = await IrsaEnvAsync(container);
        var outDir = Path.Combine(_temp.Path, "out");

        var run = await AgentProcess.RunAsync([.. container.ArgsWithOut(outDir), "--timeout", "20s"], env);

        Assert.Equal(1, run.ExitCode);
        Assert.NotEmpty(run.FailureLines);
        Assert.All(run.FailureLines, l => Assert.True(l.Contains($": {code}: ", StringComparison.Ordinal), l));
        Assert.DoesNotContain(_aws.Requests, r => r.Target.StartsWith("secretsmanager.", StringComparison.Ordinal));
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any());
    }

    [Fact]
    public async Task InitContainer_StsCannotReachOidcOnce_RetriesAndWrites()
    {
        _aws.InjectSts("sts.error.IDPCommunicationError");
        var container = InjectedContainer.FromPodAsset("pod-irsa.json", "payments");
        var env = await IrsaEnvAsync(container);
        var outDir = Path.Combine(_temp.Path, "out");

        var run = await AgentProcess.RunAsync(container.ArgsWithOut(outDir), env);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(_aws.Requests.Count(r => r.Target == "sts.AssumeRoleWithWebIdentity") >= 2);
        Assert.Equal("EXAMPLE-PASSWORD-1", ReadText(outDir, "db-password"));
    }

    [Fact]
    public async Task InitContainer_PodIdentity_WritesSecretsWithContainerCredentials()
    {
        var container = InjectedContainer.FromPodAsset("pod-pod-identity.json", "orders");
        var env = await PodIdentityEnvAsync(container);
        var outDir = Path.Combine(_temp.Path, "out");

        var run = await AgentProcess.RunAsync(container.ArgsWithOut(outDir), env);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(_aws.Requests, r => r.Target == "pod-identity");
        AssertAllSigned(LoopbackAws.PodIdentityAccessKey);
        Assert.Equal("EXAMPLE-PASSWORD-1", ReadText(outDir, "db-password"));
        Assert.Equal(Convert.FromBase64String(SigningKeyBase64), await File.ReadAllBytesAsync(Path.Combine(outDir, "signing-key")));
        AssertLayout(outDir, ["db-password", "signing-key"], UnixFileMode.UserRead);
    }

    [Fact]
    public async Task InitContainer_PodIdentityTokenFileMissing_FailsAtOnceNamingIt()
    {
        var container = InjectedContainer.FromPodAsset("pod-pod-identity.json", "orders");
        var env = await PodIdentityEnvAsync(container);
        env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = Path.Combine(_temp.Path, "not-mounted", "token");
        var clock = Stopwatch.StartNew();

        var run = await AgentProcess.RunAsync(container.ArgsWithOut(Path.Combine(_temp.Path, "out")), env);

        Assert.Equal(1, run.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.NotEmpty(run.FailureLines);
        Assert.All(run.FailureLines, l => Assert.Contains(": CredentialsUnavailable: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", l, StringComparison.Ordinal));
        Assert.DoesNotContain(_aws.Requests, r => r.Target == "pod-identity");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task InitContainer_PodIdentityEndpointFailsForAWhile_RetriesAndWrites(int status)
    {
        var container = InjectedContainer.FromPodAsset("pod-pod-identity.json", "orders");
        var env = await PodIdentityEnvAsync(container);
        _aws.InjectPodIdentity(status, "{\"Message\":\"busy\"}", times: 8);

        var run = await AgentProcess.RunAsync(container.ArgsWithOut(Path.Combine(_temp.Path, "out")), env);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(_aws.Requests.Count(r => r.Target == "pod-identity") > 8);
        Assert.Equal("EXAMPLE-PASSWORD-1", ReadText(Path.Combine(_temp.Path, "out"), "db-password"));
    }

    [Fact]
    public async Task InitContainer_PodIdentityEndpointKeepsFailing_RetriesUntilTheTimeoutNamingTheError()
    {
        var container = InjectedContainer.FromPodAsset("pod-pod-identity.json", "orders");
        var env = await PodIdentityEnvAsync(container);
        _aws.InjectPodIdentity(500, times: 10_000);
        var clock = Stopwatch.StartNew();

        var run = await AgentProcess.RunAsync([.. container.ArgsWithOut(Path.Combine(_temp.Path, "out")), "--timeout", "8s"], env);

        Assert.Equal(1, run.ExitCode);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(7), $"gave up after {clock.Elapsed}");
        Assert.NotEmpty(run.FailureLines);
        Assert.All(run.FailureLines, l => Assert.Contains(": Timeout: the timeout passed while retrying after CredentialsUnavailable: ", l, StringComparison.Ordinal));
        Assert.Contains("\"FetchFailed\"", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not credentials")]
    [InlineData("{\"AccessKeyId\":\"ASIAPODIDENTITYEXAMPLE\"}")]
    [InlineData("{}")]
    public async Task InitContainer_PodIdentityAnswerIsNotCredentials_FailsEachSecretWithCredentialsUnavailable(string body)
    {
        var container = InjectedContainer.FromPodAsset("pod-pod-identity.json", "orders");
        var env = await PodIdentityEnvAsync(container);
        _aws.InjectPodIdentity(200, body, times: 10_000);

        var run = await AgentProcess.RunAsync([.. container.ArgsWithOut(Path.Combine(_temp.Path, "out")), "--timeout", "20s"], env);

        Assert.Equal(1, run.ExitCode);
        Assert.NotEmpty(run.FailureLines);
        Assert.All(run.FailureLines, l => Assert.Contains(": CredentialsUnavailable: ", l, StringComparison.Ordinal));
        Assert.Contains("\"FetchFailed\"", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitContainer_PodIdentityEndpointRefusesConnections_RetriesUntilTheTimeoutNamingConnectionFailed()
    {
        var container = InjectedContainer.FromPodAsset("pod-pod-identity.json", "orders");
        var env = await PodIdentityEnvAsync(container);
        env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = $"http://127.0.0.1:{ClosedPort()}{LoopbackAws.PodIdentityPath}";

        var run = await AgentProcess.RunAsync([.. container.ArgsWithOut(Path.Combine(_temp.Path, "out")), "--timeout", "8s"], env);

        Assert.Equal(1, run.ExitCode);
        Assert.NotEmpty(run.FailureLines);
        Assert.All(run.FailureLines, l => Assert.Contains(": Timeout: the timeout passed while retrying after ConnectionFailed: ", l, StringComparison.Ordinal));
        Assert.DoesNotContain("unexpected", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitContainer_SettingsTimeoutAndBatchThreshold_ReachTheAgent()
    {
        var settings = new InjectorOptions { FetchTimeoutSeconds = 2, BatchThreshold = 0 };
        var container = InjectedContainer.FromPodAsset("pod-pod-identity.json", "orders", settings);
        var env = await PodIdentityEnvAsync(container);
        _aws.Inject(FaultKind.Slow, 20, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var run = await AgentProcess.RunAsync(container.ArgsWithOut(Path.Combine(_temp.Path, "out")), env);

        Assert.Equal(["--timeout", "2s", "--batch-threshold", "0"], container.Args.Skip(5));
        Assert.Equal(1, run.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.NotEmpty(run.FailureLines);
        Assert.All(run.FailureLines, l => Assert.True(l.Contains(": Timeout: ", StringComparison.Ordinal), l));
    }

    [Fact]
    public async Task EnvFile_SourcedByShell_GivesBackEachValue()
    {
        var outDir = Path.Combine(_temp.Path, "out");
        var run = await RunWithStaticKeysAsync(outDir, [new SecretSpec("app-env", "payments/app-env", null, null, null, SecretFormat.Env)]);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var script = $". '{Path.Combine(outDir, "app-env")}'; printf '%s|%s|%s|%s' \"$QUOTE\" \"$MULTI_LINE\" \"$EMPTY\" \"$FEATURE_FLAGS\"";
        var shell = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { RedirectStandardOutput = true })!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();

        Assert.Equal("it's \"quoted\"|line1\nline2||a,b,c", output);
    }

    internal Task<AgentRun> RunWithStaticKeysAsync(string outDir, IReadOnlyList<SecretSpec> secrets, params string[] extraArgs) =>
        AgentRuns.WithStaticKeysAsync(_aws, outDir, secrets, extraArgs);

    /// <summary>The container's own env, with the projected token and STS that the kubelet and AWS would give, on loopback.</summary>
    private async Task<Dictionary<string, string>> IrsaEnvAsync(InjectedContainer container)
    {
        var tokenFile = _temp.File("irsa-token");
        await File.WriteAllTextAsync(tokenFile, _aws.WebIdentityToken);
        return new Dictionary<string, string>(container.Env)
        {
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile,
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = _aws.Url.ToString(),
            ["AWS_ENDPOINT_URL_STS"] = _aws.Url.ToString(),
        };
    }

    /// <summary>The container's own env, with the Pod Identity token and credentials endpoint, on loopback.</summary>
    private async Task<Dictionary<string, string>> PodIdentityEnvAsync(InjectedContainer container)
    {
        var tokenFile = _temp.File("pod-identity-token");
        await File.WriteAllTextAsync(tokenFile, _aws.PodIdentityToken);
        return new Dictionary<string, string>(container.Env)
        {
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = tokenFile,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = new Uri(_aws.Url, LoopbackAws.PodIdentityPath).ToString(),
            ["AWS_ENDPOINT_URL"] = _aws.Url.ToString(),
        };
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void AssertAllSigned(string accessKey)
    {
        var calls = _aws.Requests.Where(r => r.Target.StartsWith("secretsmanager.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, r => Assert.True(r.SignatureValid && r.AccessKey == accessKey, $"{r.Target}: {r.Problem} ({r.AccessKey})"));
    }

    private static void AssertLayout(string outDir, string[] names, UnixFileMode mode)
    {
        var data = new FileInfo(Path.Combine(outDir, "..data"));
        Assert.NotNull(data.LinkTarget);
        Assert.StartsWith("..2", data.LinkTarget, StringComparison.Ordinal);
        var visible = Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName).Where(n => !n!.StartsWith("..", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(names, visible);
        foreach (var name in names)
        {
            Assert.Equal(Path.Combine("..data", name), new FileInfo(Path.Combine(outDir, name)).LinkTarget);
            Assert.Equal(mode, File.GetUnixFileMode(Path.Combine(outDir, data.LinkTarget, name)));
        }
    }

    private static string ReadText(string outDir, string name) =>
        Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(outDir, name)));

    private const string SigningKeyBase64 =
        "LS0tLS1CRUdJTiBFWEFNUExFIEtFWS0tLS0tClRtOTBJR0VnY21WaGJDQnJaWGt1SUVWWVFVMVFURVV1Ci0tLS0tRU5EIEVYQU1QTEUgS0VZLS0tLS0K";

    private const string ExpectedEnvFile =
        "DATABASE_URL='postgres://payments_app:EXAMPLE@db.payments.example.internal:5432/payments'\n"
        + "FEATURE_FLAGS='a,b,c'\n"
        + "MULTI_LINE='line1\nline2'\n"
        + "QUOTE='it'\\''s \"quoted\"'\n"
        + "EMPTY=''\n";
}

using System.Diagnostics;
using System.Runtime.Versioning;
using SecretInjector.Contract;
using SecretInjector.Tests.TestSupport;
using Xunit;

namespace SecretInjector.Tests.Agent;

/// <summary>The agent process when things go wrong: failure lines, exit codes, retries, deadlines, nothing half-written.</summary>
[Collection(SerialAgentRuns.Name)]
[SupportedOSPlatform("linux")]
public sealed class FetchAgentFailureTests : IAsyncLifetime, IDisposable
{
    private LoopbackAws _aws = null!;
    private readonly TempDirectory _temp = new();

    private string OutDir => Path.Combine(_temp.Path, "out");

    public async Task InitializeAsync() => _aws = await LoopbackAws.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("payments/does-not-exist", "ResourceNotFoundException", "Check the name and region")]
    [InlineData("treasury/ledger-signing-key", "AccessDeniedException", "Allow secretsmanager:GetSecretValue")]
    [InlineData("payments/kms-broken", "DecryptionFailure", "kms:Decrypt")]
    [InlineData("payments/old-api-key", "InvalidRequestException", "scheduled for deletion")]
    public async Task Fetch_SecretFails_ExitsNonZeroWithOneLineAndWritesNothing(string secretId, string code, string advice)
    {
        var run = await RunAsync(
            new SecretSpec("good", "payments/db-password", "password"),
            new SecretSpec("bad", secretId));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.FailureLines);
        Assert.StartsWith($"secret-injector fetch: secret {secretId} (file bad): {code}: ", line, StringComparison.Ordinal);
        Assert.Contains(advice, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(OutDir) && Directory.EnumerateFileSystemEntries(OutDir).Any(), "nothing may be written");
        AssertNoValueIn(run.Stderr);
    }

    [Theory]
    [InlineData("payments/db-password", "missing", "JsonKeyNotFound")]
    [InlineData("payments/app-token", "key", "SecretNotJson")]
    public async Task Fetch_KeyCannotBeRead_NamesTheKeyNotTheValue(string secretId, string key, string code)
    {
        var run = await RunAsync(new SecretSpec("value", secretId, key));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.FailureLines);
        Assert.Contains($"(file value): {code}: ", line, StringComparison.Ordinal);
        AssertNoValueIn(run.Stderr);
    }

    [Theory]
    [InlineData("a", SecretFormat.Raw)]
    [InlineData(null, SecretFormat.Env)]
    public async Task Fetch_JsonWithHalfASurrogatePair_FailsThatSecretOnly(string? key, SecretFormat format)
    {
        _aws.AddSecret("app/odd-json", "{\"a\":\"\\ud800x\"}");

        var run = await RunAsync(
            new SecretSpec("good", "payments/db-password", "password"),
            new SecretSpec("odd", "app/odd-json", key, Format: format));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.FailureLines);
        Assert.StartsWith("secret-injector fetch: secret app/odd-json (file odd): SecretNotJson: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(OutDir) && Directory.EnumerateFileSystemEntries(OutDir).Any(), "nothing may be written");
        AssertNoValueIn(run.Stderr);
    }

    [Fact]
    public async Task Fetch_LaterRunFails_LeavesPreviousSetUntouched()
    {
        var first = await RunAsync(new SecretSpec("db", "payments/db-password", "password"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        var before = new FileInfo(Path.Combine(OutDir, "..data")).LinkTarget;

        var second = await RunAsync(
            new SecretSpec("db", "payments/db-password", "username"),
            new SecretSpec("gone", "payments/does-not-exist"));

        Assert.Equal(1, second.ExitCode);
        Assert.Equal(before, new FileInfo(Path.Combine(OutDir, "..data")).LinkTarget);
        Assert.Equal("EXAMPLE-PASSWORD-1", await File.ReadAllTextAsync(Path.Combine(OutDir, "db")));
        Assert.False(File.Exists(Path.Combine(OutDir, "gone")));
        Assert.Single(Directory.GetDirectories(OutDir, "..2*"));
    }

    [Fact]
    public async Task Fetch_DirectoryNamedLikeASecretFile_RefusesAndLeavesThePreviousSetWhole()
    {
        var first = await RunAsync(new SecretSpec("db", "payments/db-password", "password"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        var before = new FileInfo(Path.Combine(OutDir, "..data")).LinkTarget;
        Directory.CreateDirectory(Path.Combine(OutDir, "user"));

        var second = await RunAsync(
            new SecretSpec("db", "payments/db-password", "username"),
            new SecretSpec("user", "payments/db-password", "username"));

        Assert.Equal(1, second.ExitCode);
        var line = Assert.Single(second.FailureLines);
        Assert.Contains($"{Path.Combine(OutDir, "user")} is a directory, not a link this agent made", line, StringComparison.Ordinal);
        Assert.Contains("the previous files are left as they were", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, new FileInfo(Path.Combine(OutDir, "..data")).LinkTarget);
        Assert.Equal("EXAMPLE-PASSWORD-1", await File.ReadAllTextAsync(Path.Combine(OutDir, "db")));
        Assert.True(Directory.Exists(Path.Combine(OutDir, "user")));
        Assert.Empty(Directory.GetFileSystemEntries(OutDir, "*.link_tmp"));
        Assert.Single(Directory.GetDirectories(OutDir, "..2*"));
        AssertNoValueIn(second.Stderr);
    }

    [Fact]
    public async Task Fetch_ThrottledFailedAndDropped_RetriesSignedAfreshAndSucceeds()
    {
        _aws.Inject(FaultKind.Throttle, 2);
        _aws.Inject(FaultKind.ServerError);
        _aws.Inject(FaultKind.Drop);

        var run = await RunAsync(new SecretSpec("db", "payments/db-password", "password"));

        Assert.True(run.ExitCode == 0, run.Stderr);
        var calls = _aws.Requests.Where(r => r.Target == "secretsmanager.GetSecretValue").ToList();
        Assert.Equal(5, calls.Count);
        Assert.All(calls, c => Assert.True(c.SignatureValid, c.Problem));
        Assert.Equal("EXAMPLE-PASSWORD-1", await File.ReadAllTextAsync(Path.Combine(OutDir, "db")));
    }

    [Fact]
    public async Task Fetch_EndpointTooSlow_GivesUpAtTimeoutWithTimeoutLine()
    {
        _aws.Inject(FaultKind.Slow, 20, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var run = await RunAsync([new SecretSpec("db", "payments/db-password")], "--timeout", "2s");

        Assert.Equal(1, run.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Contains("Timeout", Assert.Single(run.FailureLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_Verbose_LogsRequestsButNoValue()
    {
        var run = await RunAsync(
            [
                new SecretSpec("db", "payments/db-password", "password"),
                new SecretSpec("env", "payments/app-env", Format: SecretFormat.Env),
                new SecretSpec("stripe", "arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/third-party-Xy9Za1", "stripe.apiKey", "AWSPREVIOUS"),
                new SecretSpec("token", "payments/app-token"),
                new SecretSpec("key", "orders/signing-key", VersionId: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"),
            ],
            "--verbose");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("\"event\":\"RequestSent\"", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretsmanager.GetSecretValue", run.Stderr, StringComparison.Ordinal);
        AssertNoValueIn(run.Stderr);
        foreach (var value in new[] { "EXAMPLE-PASSWORD-1", "sk_test_EXAMPLEKEY0000", "whsec_EXAMPLE0000", "EXAMPLE-not-json-token", LoopbackAws.SecretKey })
            Assert.DoesNotContain(value, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ManySecretsInOneRegion_UsesOneBatchCall()
    {
        var secrets = Enumerable.Range(1, 12).Select(i => AddSecret(i)).ToArray();

        var run = await RunAsync(secrets);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["secretsmanager.BatchGetSecretValue"], _aws.Requests.Select(r => r.Target));
        Assert.Equal("value-7", await File.ReadAllTextAsync(Path.Combine(OutDir, "s7")));
    }

    [Fact]
    public async Task Fetch_BatchRefused_FallsBackToGetSecretValue()
    {
        _aws.RefuseBatch = true;
        var secrets = Enumerable.Range(1, 12).Select(i => AddSecret(i)).ToArray();

        var run = await RunAsync(secrets);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("\"event\":\"BatchFallback\"", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, _aws.Requests.Count(r => r.Target == "secretsmanager.BatchGetSecretValue"));
        Assert.Equal(12, _aws.Requests.Count(r => r.Target == "secretsmanager.GetSecretValue"));
    }

    [Fact]
    public async Task Fetch_BatchAnswerInPages_FollowsNextToken()
    {
        _aws.BatchPageSize = 5;
        var secrets = Enumerable.Range(1, 12).Select(i => AddSecret(i)).ToArray();

        var run = await RunAsync(secrets);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(3, _aws.Requests.Count(r => r.Target == "secretsmanager.BatchGetSecretValue"));
        Assert.DoesNotContain(_aws.Requests, r => r.Target == "secretsmanager.GetSecretValue");
        Assert.Equal("value-12", await File.ReadAllTextAsync(Path.Combine(OutDir, "s12")));
    }

    [Fact]
    public async Task Fetch_BatchThresholdZero_ReadsEachSecretWithGetSecretValue()
    {
        var secrets = Enumerable.Range(1, 12).Select(i => AddSecret(i)).ToArray();

        var run = await RunAsync(secrets, "--batch-threshold", "0");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(12, _aws.Requests.Count(r => r.Target == "secretsmanager.GetSecretValue"));
        Assert.DoesNotContain(_aws.Requests, r => r.Target == "secretsmanager.BatchGetSecretValue");
    }

    [Fact]
    public async Task Fetch_BatchWithMissingSecret_ReportsItLikeGetSecretValue()
    {
        var secrets = Enumerable.Range(1, 10).Select(i => AddSecret(i)).Append(new SecretSpec("gone", "payments/does-not-exist")).ToArray();

        var run = await RunAsync(secrets);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("secret-injector fetch: secret payments/does-not-exist (file gone): ResourceNotFoundException", Assert.Single(run.FailureLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..data")]
    [InlineData("UPPER")]
    [InlineData("a/b")]
    public async Task Fetch_FileNameLeavesOut_RefusesWithUsageError(string file)
    {
        var run = await RunAsync(new SecretSpec(file, "payments/db-password"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("DNS-1123", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_aws.Requests);
    }

    [Fact]
    public async Task Fetch_NoCredentials_SaysHowToGiveThePodAnIdentity()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = _aws.Url.ToString(),
            [AgentContract.SecretsVariable] = AgentContract.SerializeSecrets([new SecretSpec("db", "payments/db-password")]),
        };

        var run = await AgentProcess.RunAsync(["fetch", "--out", OutDir, "--timeout", "10s"], env);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CredentialsUnavailable", Assert.Single(run.FailureLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RefreshInterval_RewritesChangesKeepsLastGoodAndStopsOnSigterm()
    {
        _aws.AddSecret("app/rotating", "first");
        var env = AgentRuns.StaticKeysEnv(_aws, [new SecretSpec("value", "app/rotating")]);
        var path = Path.Combine(OutDir, "value");
        var running = AgentProcess.StartAsync(["fetch", "--out", OutDir, "--refresh-interval", "1s"], env);

        await WaitForAsync(() => File.Exists(path) && File.ReadAllText(path) == "first" && running.StderrSoFar.Contains("RefreshStarted", StringComparison.Ordinal));
        _aws.AddSecret("app/rotating", "second");
        await WaitForAsync(() => File.ReadAllText(path) == "second");
        _aws.RemoveSecret("app/rotating");
        var seen = _aws.Requests.Count;
        await WaitForAsync(() => _aws.Requests.Count >= seen + 2);
        Assert.Equal("second", await File.ReadAllTextAsync(path));
        await running.TerminateAsync();
        var run = await running.Completion;

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("RefreshStopping", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("ResourceNotFoundException", run.Stderr, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(OutDir, "..2*"));
    }

    [Fact]
    public async Task Fetch_RefreshAfterInitContainer_FirstReadWaitsAnInterval()
    {
        var first = await RunAsync(new SecretSpec("db", "payments/db-password", "password"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        var env = AgentRuns.StaticKeysEnv(_aws, [new SecretSpec("db", "payments/db-password", "password")]);

        var running = AgentProcess.StartAsync(["fetch", "--out", OutDir, "--refresh-interval", "1h"], env);
        await WaitForAsync(() => running.StderrSoFar.Contains("RefreshStarted", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await running.TerminateAsync();
        var run = await running.Completion;

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Single(_aws.Requests);
        Assert.Equal("EXAMPLE-PASSWORD-1", await File.ReadAllTextAsync(Path.Combine(OutDir, "db")));
    }

    private SecretSpec AddSecret(int i)
    {
        _aws.AddSecret($"bulk/secret-{i}", $"value-{i}");
        return new SecretSpec($"s{i}", $"bulk/secret-{i}");
    }

    private Task<AgentRun> RunAsync(params SecretSpec[] secrets) => RunAsync(secrets, []);

    private Task<AgentRun> RunAsync(SecretSpec[] secrets, params string[] extraArgs) =>
        AgentRuns.WithStaticKeysAsync(_aws, OutDir, secrets, extraArgs);

    private void AssertNoValueIn(string text)
    {
        foreach (var value in _aws.SecretValues())
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "condition not met within 20 s");
            await Task.Delay(100);
        }
    }
}

using System.Runtime.Versioning;
using SecretInjector.Contract;
using SecretInjector.Tests.TestSupport;
using Xunit;

namespace SecretInjector.Tests.Agent;

/// <summary>
/// The agent process with an unusable command line, secret list or AWS environment: exit code 2, one line naming
/// what to fix, and no call to AWS.
/// </summary>
[Collection(SerialAgentRuns.Name)]
[SupportedOSPlatform("linux")]
public sealed class FetchAgentConfigurationTests : IAsyncLifetime, IDisposable
{
    private LoopbackAws _aws = null!;
    private readonly TempDirectory _temp = new();

    private string OutDir => Path.Combine(_temp.Path, "out");

    public async Task InitializeAsync() => _aws = await LoopbackAws.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("[null]", "entry 1 is null")]
    [InlineData("[{\"file\":\"a\",\"secretId\":\"payments/db-password\"},null]", "entry 2 is null")]
    [InlineData("[null,{\"file\":\"a\",\"secretId\":\"payments/db-password\"},null]", "entries 1, 3 are null")]
    [InlineData("[]", "lists no secrets")]
    [InlineData("[{\"file\":\"a\",\"secretId\":null}]", "file a has no secret id")]
    [InlineData("[{\"file\":null,\"secretId\":\"payments/db\"}]", "is not a DNS-1123 label")]
    [InlineData("[{\"file\":\"a\",\"secretId\":\"payments/db\",\"format\":99}]", "entry 1 has an unknown format")]
    [InlineData("[{\"file\":\"a\",\"secretId\":\"payments/db\"},{\"file\":\"b\",\"secretId\":\"payments/db\",\"format\":-1}]", "entry 2 has an unknown format")]
    [InlineData("[{\"file\":\"a\",\"secretId\":\"payments/db\",\"format\":\"1\"}]", "entry 1 has an unknown format")]
    [InlineData("[{\"file\":\"a\",\"secretId\":\"payments/db\",\"format\":\"yaml\"}]", "entry 1 has an unknown format")]
    public async Task Fetch_NullSecretEntryOrMember_ExitsTwoNamingIt(string secrets, string expected)
    {
        var env = Env();
        env[AgentContract.SecretsVariable] = secrets;

        var run = await AgentProcess.RunAsync(["fetch", "--out", OutDir], env);

        AssertUsageError(run, AgentContract.SecretsVariable);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("--out", "--out")]
    [InlineData("--bogus", "--out", "OUT", "--bogus")]
    [InlineData("stray", "--out", "OUT", "stray")]
    [InlineData("--batch-threshold", "--out", "OUT", "--batch-threshold", "many")]
    [InlineData("--out", "--out", "OUT", "--out", "OUT")]
    public async Task Fetch_UnusableCommandLine_ExitsTwoNamingTheOption(string subject, params string[] args)
    {
        var run = await AgentProcess.RunAsync(["fetch", .. args.Select(a => a == "OUT" ? OutDir : a)], Env());

        AssertUsageError(run, subject);
    }

    [Fact]
    public async Task Fetch_FileModeNobodyCanRead_ExitsTwoWithoutWriting()
    {
        var run = await AgentProcess.RunAsync(["fetch", "--out", OutDir, "--file-mode", "0000"], Env());

        AssertUsageError(run, "--file-mode");
        Assert.False(Directory.Exists(OutDir));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sub")]
    public async Task Fetch_OutIsARegularFile_ExitsTwoBeforeAnyCall(string below)
    {
        var file = _temp.File("not-a-directory");
        await File.WriteAllTextAsync(file, "mine");
        _aws.Inject(FaultKind.Slow, 20, TimeSpan.FromSeconds(30));

        var run = await AgentProcess.RunAsync(["fetch", "--out", Path.Combine(file, below), "--refresh-interval", "1h"], Env(), TimeSpan.FromSeconds(20));

        AssertUsageError(run, "--out");
        Assert.Equal("mine", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Fetch_OutMissing_IsCreatedAndLeftEmptyWhenASecretFails()
    {
        var env = Env();
        env[AgentContract.SecretsVariable] = AgentContract.SerializeSecrets([new SecretSpec("gone", "payments/does-not-exist")]);

        var run = await AgentProcess.RunAsync(["fetch", "--out", Path.Combine(OutDir, "nested")], env);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(OutDir, "nested")));
    }

    [Fact]
    public async Task Fetch_Help_ExitsZeroWithUsage()
    {
        var run = await AgentProcess.RunAsync(["fetch", "--help"], Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("--out", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(_aws.Requests);
    }

    [Theory]
    [InlineData("--timeout", "2000h")]
    [InlineData("--timeout", "\u0665s")]
    [InlineData("--refresh-interval", "2000h")]
    [InlineData("--refresh-interval", "\u0665s")]
    public async Task Fetch_DurationOutOfBoundsOrNotAsciiDigits_ExitsTwoNamingTheOption(string option, string value)
    {
        var run = await AgentProcess.RunAsync(["fetch", "--out", OutDir, option, value], Env());

        AssertUsageError(run, option);
    }

    [Theory]
    [InlineData("2000h")]
    [InlineData("\u0665s")]
    public async Task Fetch_TimeoutVariableOutOfBoundsOrNotAsciiDigits_ExitsTwoNamingTheVariable(string value)
    {
        var env = Env();
        env["SECRET_INJECTOR_TIMEOUT"] = value;

        var run = await AgentProcess.RunAsync(["fetch", "--out", OutDir], env);

        AssertUsageError(run, "SECRET_INJECTOR_TIMEOUT");
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL", "not a url", null)]
    [InlineData("AWS_ENDPOINT_URL", "ftp://x", null)]
    [InlineData("AWS_ENDPOINT_URL", "/relative/path", "AWS_ENDPOINT_URL_SECRETS_MANAGER")]
    [InlineData("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://", null)]
    [InlineData("AWS_ENDPOINT_URL_SECRETS_MANAGER", "file:///etc/passwd", null)]
    [InlineData("AWS_ENDPOINT_URL_STS", "not a url", null)]
    [InlineData("AWS_REGION", "us-east-1/../x", null)]
    [InlineData("AWS_REGION", "US-EAST-1", null)]
    [InlineData("AWS_DEFAULT_REGION", "eu west 1", "AWS_REGION")]
    public async Task Fetch_UnusableAwsVariable_ExitsTwoNamingTheVariable(string variable, string value, string? unset)
    {
        var env = Env();
        env[variable] = value;
        if (unset is not null)
            env.Remove(unset);

        var run = await AgentProcess.RunAsync(["fetch", "--out", OutDir], env);

        AssertUsageError(run, variable);
    }

    [Fact]
    public async Task Fetch_ArnWithUnusableRegion_ExitsTwoNamingTheSecret()
    {
        var env = Env();
        env[AgentContract.SecretsVariable] = AgentContract.SerializeSecrets([new SecretSpec("db", "arn:aws:secretsmanager:bad/region:111122223333:secret:payments/db")]);

        var run = await AgentProcess.RunAsync(["fetch", "--out", OutDir], env);

        AssertUsageError(run, "arn:aws:secretsmanager:bad/region:111122223333:secret:payments/db");
    }

    [Fact]
    public async Task Fetch_WebIdentityTokenFileMissing_FailsNamingTheVariable()
    {
        var env = Env();
        env.Remove("AWS_ACCESS_KEY_ID");
        env.Remove("AWS_SECRET_ACCESS_KEY");
        env["AWS_ROLE_ARN"] = "arn:aws:iam::111122223333:role/payments";
        env["AWS_WEB_IDENTITY_TOKEN_FILE"] = _temp.File("no-such-token");
        env["AWS_ENDPOINT_URL_STS"] = _aws.Url.ToString();

        var run = await AgentProcess.RunAsync(["fetch", "--out", OutDir, "--timeout", "10s"], env);

        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}: {run.Stderr}");
        var line = Assert.Single(run.FailureLines);
        Assert.StartsWith("secret-injector fetch: secret payments/db-password (file db): CredentialsUnavailable: ", line, StringComparison.Ordinal);
        Assert.Contains($"AWS_WEB_IDENTITY_TOKEN_FILE {_temp.File("no-such-token")}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_aws.Requests);
    }

    private Dictionary<string, string> Env() => AgentRuns.StaticKeysEnv(_aws, [new SecretSpec("db", "payments/db-password", "password")]);

    /// <summary>Exit code 2, one plain line naming <paramref name="subject"/>, no crash report and no call to AWS.</summary>
    private void AssertUsageError(AgentRun run, string subject)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}: {run.Stderr}");
        var line = Assert.Single(run.FailureLines);
        Assert.Contains(subject, line, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_aws.Requests);
        Assert.DoesNotContain("EXAMPLE-PASSWORD-1", run.Stderr, StringComparison.Ordinal);
    }
}

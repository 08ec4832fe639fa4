using System.Diagnostics;
using System.Runtime.Versioning;
using SecretInjector.Agent;
using SecretInjector.Contract;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Agent;

/// <summary>
/// The sidecar's refresh loop as a real process against the loopback Secrets Manager: rotations reach the files,
/// readers never see a mixed set, outages keep the last good files, and an unchanged set is left alone.
/// </summary>
[Collection(SerialAgentRuns.Name)]
[SupportedOSPlatform("linux")]
public sealed class RefreshLoopProcessTests : IAsyncLifetime, IDisposable
{
    private const string SecretId = "app/pair";

    private LoopbackAws _aws = null!;
    private readonly TempDirectory _temp = new();

    private string OutDir => Path.Combine(_temp.Path, "out");

    public async Task InitializeAsync() => _aws = await LoopbackAws.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Refresh_SecretRotatedWhileAReaderLoops_EachVersionArrivesAndNoReadSeesAMixedOrPartialSet()
    {
        var running = await StartWithFirstVersionAsync();
        using var stopReader = new CancellationTokenSource();
        var reader = ReadUntilStoppedAsync(stopReader.Token);

        for (var version = 2; version <= 4; version++)
        {
            Rotate(version);
            var expected = (Value(version, "a"), Value(version, "b"));
            // One interval (1 s, ±10 % jitter) and the read itself; the bound is generous for a busy machine.
            await WaitForAsync(() => ReadPair() == expected, TimeSpan.FromSeconds(8));
        }

        await stopReader.CancelAsync();
        var (reads, problems) = await reader;
        await running.TerminateAsync();
        var run = await running.Completion;

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(reads > 20, $"the reader read the set only {reads} times");
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(FaultKind.Throttle, "Timeout: the timeout passed while retrying after ThrottlingException")]
    [InlineData(FaultKind.Drop, "Timeout: ")]
    public async Task Refresh_ThrottledOrOutage_KeepsTheLastGoodFilesBacksOffAndRecovers(FaultKind fault, string failure)
    {
        var running = await StartWithFirstVersionAsync("--timeout", "2s");
        var setBefore = CurrentSet();

        _aws.Inject(fault, 10_000);
        Rotate(2);
        await WaitForAsync(() => running.StderrSoFar.Contains("RefreshFailed", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var stillGood = ReadPair();
        var setDuring = CurrentSet();
        _aws.ClearFaults();
        await WaitForAsync(() => ReadPair() == (Value(2, "a"), Value(2, "b")), TimeSpan.FromSeconds(20));
        await running.TerminateAsync();
        var run = await running.Completion;

        Assert.Equal((Value(1, "a"), Value(1, "b")), stillGood);
        Assert.Equal(setBefore, setDuring);
        Assert.True(run.Stderr.Contains($"(file a): {failure}", StringComparison.Ordinal), run.Stderr);
        Assert.Contains("keeping the last good files, next try in", run.Stderr, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public async Task Refresh_SecretTurnsIntoJsonWithHalfASurrogatePair_KeepsTheLastGoodFilesAndRecovers()
    {
        var running = await StartWithFirstVersionAsync();
        var setBefore = CurrentSet();

        _aws.AddSecret(SecretId, "{\"a\":\"\\ud800x\",\"b\":\"fine\"}");
        await WaitForAsync(() => running.StderrSoFar.Contains("RefreshFailed", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var stillGood = ReadPair();
        var setDuring = CurrentSet();
        Rotate(2);
        await WaitForAsync(() => ReadPair() == (Value(2, "a"), Value(2, "b")), TimeSpan.FromSeconds(20));
        await running.TerminateAsync();
        var run = await running.Completion;

        Assert.Equal((Value(1, "a"), Value(1, "b")), stillGood);
        Assert.Equal(setBefore, setDuring);
        Assert.True(run.Stderr.Contains("(file a): SecretNotJson: ", StringComparison.Ordinal), run.Stderr);
        Assert.DoesNotContain("unexpected", run.Stderr, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public async Task Refresh_PodIdentityRefreshFails_KeepsTheLastGoodFilesAndRecovers()
    {
        Rotate(1);
        var running = Start("1s", PodIdentityEnv(), "--timeout", "10s");
        await WaitForAsync(() => ReadPair() == (Value(1, "a"), Value(1, "b")), TimeSpan.FromSeconds(20));
        var setBefore = CurrentSet();

        // The expired token makes the agent drop its credentials; fetching new ones then meets the failing endpoint.
        _aws.InjectPodIdentity(500, times: 10_000);
        _aws.Inject(FaultKind.ExpiredToken);
        Rotate(2);
        await WaitForAsync(() => running.StderrSoFar.Contains("RefreshFailed", StringComparison.Ordinal) || running.Completion.IsCompleted, TimeSpan.FromSeconds(30));
        Assert.False(running.Completion.IsCompleted, "the agent stopped: " + running.StderrSoFar);
        var stillGood = ReadPair();
        var setDuring = CurrentSet();
        _aws.ClearPodIdentityFaults();
        await WaitForAsync(() => ReadPair() == (Value(2, "a"), Value(2, "b")), TimeSpan.FromSeconds(30));
        await running.TerminateAsync();
        var run = await running.Completion;

        Assert.Equal((Value(1, "a"), Value(1, "b")), stillGood);
        Assert.Equal(setBefore, setDuring);
        Assert.True(run.Stderr.Contains("CredentialsUnavailable: ", StringComparison.Ordinal), run.Stderr);
        Assert.DoesNotContain("unexpected", run.Stderr, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public async Task Refresh_SecretUnchanged_LeavesTheFilesAsTheyAre()
    {
        var running = await StartWithFirstVersionAsync();
        var set = CurrentSet();
        var written = File.GetLastWriteTimeUtc(Path.Combine(OutDir, "a"));
        var reads = _aws.Requests.Count;

        await WaitForAsync(() => _aws.Requests.Count >= reads + 3, TimeSpan.FromSeconds(20));
        await running.TerminateAsync();
        var run = await running.Completion;

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(set, CurrentSet());
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(OutDir, "a")));
        Assert.Single(Directory.GetDirectories(OutDir, "..2*"));
    }

    private static string Value(int version, string key) => $"{key}-version-{version}-" + new string((char)('a' + version), 4096);

    /// <summary>One secret whose two keys go to two files: a set is consistent when both come from one version.</summary>
    private void Rotate(int version) =>
        _aws.AddSecret(SecretId, $"{{\"a\":\"{Value(version, "a")}\",\"b\":\"{Value(version, "b")}\"}}");

    /// <summary>Serves version 1, starts the loop every second and waits until both files hold version 1.</summary>
    private async Task<RunningAgent> StartWithFirstVersionAsync(params string[] extraArgs)
    {
        Rotate(1);
        var running = Start("1s", extraArgs);
        await WaitForAsync(() => ReadPair() == (Value(1, "a"), Value(1, "b")), TimeSpan.FromSeconds(20));
        return running;
    }

    private RunningAgent Start(string interval, params string[] extraArgs) =>
        Start(interval, new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = LoopbackAws.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = LoopbackAws.SecretKey,
        }, extraArgs);

    private RunningAgent Start(string interval, Dictionary<string, string> identity, params string[] extraArgs)
    {
        var secrets = AgentContract.SerializeSecrets([new SecretSpec("a", SecretId, "a"), new SecretSpec("b", SecretId, "b")]);
        var env = new Dictionary<string, string>(identity)
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = _aws.Url.ToString(),
            [AgentContract.SecretsVariable] = secrets,
        };
        return AgentProcess.StartAsync(["fetch", "--out", OutDir, "--refresh-interval", interval, .. extraArgs], env);
    }

    /// <summary>EKS Pod Identity through the stub's credentials path, with the token file the kubelet would mount.</summary>
    private Dictionary<string, string> PodIdentityEnv()
    {
        var tokenFile = _temp.File("pod-identity-token");
        File.WriteAllText(tokenFile, _aws.PodIdentityToken);
        return new Dictionary<string, string>
        {
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = tokenFile,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = new Uri(_aws.Url, LoopbackAws.PodIdentityPath).ToString(),
        };
    }

    /// <summary>The two files as an application reads them (through their links), or nulls before the first write.</summary>
    private (string? A, string? B) ReadPair()
    {
        try
        {
            return (File.ReadAllText(Path.Combine(OutDir, "a")), File.ReadAllText(Path.Combine(OutDir, "b")));
        }
        catch (IOException)
        {
            return (null, null);
        }
    }

    /// <summary>The directory the <c>..data</c> link names: a new one for every rewrite.</summary>
    private string? CurrentSet() => new DirectoryInfo(Path.Combine(OutDir, AtomicSetWriter.DataLink)).LinkTarget;

    /// <summary>
    /// Reads the set the way a careful reader does (resolve <c>..data</c> once, read every file from there) until
    /// stopped. A set whose files come from two versions, or a file that is not a whole value, is a problem; a set
    /// directory removed between resolving and reading (the writer's clean-up) is not, the reader just resolves again.
    /// </summary>
    private async Task<(int Reads, List<string> Problems)> ReadUntilStoppedAsync(CancellationToken stop)
    {
        var problems = new List<string>();
        var reads = 0;
        var wholeValues = Enumerable.Range(1, 4).SelectMany(v => new[] { Value(v, "a"), Value(v, "b") }).ToHashSet();
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(2, CancellationToken.None); // leave the agent a core on a small machine
            var target = CurrentSet();
            if (target is null)
                continue;
            var directory = Path.Combine(OutDir, target);
            string a, b;
            try
            {
                a = File.ReadAllText(Path.Combine(directory, "a"));
                b = File.ReadAllText(Path.Combine(directory, "b"));
            }
            catch (IOException) when (!Directory.Exists(directory))
            {
                continue;
            }
            catch (IOException e)
            {
                problems.Add($"{target}: {e.GetType().Name}");
                continue;
            }

            reads++;
            if (!wholeValues.Contains(a) || !wholeValues.Contains(b))
                problems.Add($"{target}: a file that is not a whole value ({a.Length} and {b.Length} characters)");
            else if (a[2..14] != b[2..14])
                problems.Add($"{target}: a mixed set ({a[..12]} with {b[..12]})");
        }

        return (reads, problems);
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"condition not met within {limit.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}

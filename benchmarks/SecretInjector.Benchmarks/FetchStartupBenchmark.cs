using System.Diagnostics;
using System.Globalization;
using SecretInjector.Contract;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Benchmarks;

/// <summary>
/// Measures the agent as pods experience it: a new <c>dotnet secret-injector.dll fetch</c> process per run, from
/// process start to exit (the last file is written just before exit), against the loopback AWS stub.
/// </summary>
public static class FetchStartupBenchmark
{
    /// <summary>
    /// Builds of the agent to measure instead of this configuration's, separated by <c>:</c> (e.g. a ReadyToRun
    /// publish). Several builds are run in turn, one run each, so that a busy machine slows them alike.
    /// </summary>
    public const string AgentVariable = "SECRET_INJECTOR_BENCH_AGENT";

    private static readonly string[] Agents = Environment.GetEnvironmentVariable(AgentVariable) is { Length: > 0 } paths
        ? [.. paths.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath)]
        : [RepoPaths.AgentDll];

    public static async Task<int> RunAsync(int iterations, int warmup, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var aws = await LoopbackAws.StartAsync().ConfigureAwait(false);
        var one = Secrets(aws, 1);
        var twenty = Secrets(aws, 20);
        var scenarios = new (string Name, IReadOnlyList<SecretSpec> Secrets, string[] Args)[]
        {
            ("1 secret", one, []),
            ("20 secrets, GetSecretValue x20 in parallel", twenty, ["--batch-threshold", "0"]),
            ("20 secrets, one BatchGetSecretValue", twenty, []),
        };

        for (var i = 0; i < Agents.Length; i++)
            await output.WriteLineAsync($"agent {i + 1}: {Agents[i]}").ConfigureAwait(false);
        await output.WriteLineAsync($"iterations: {iterations} (after {warmup} warm-up runs), {Environment.ProcessorCount} cores").ConfigureAwait(false);
        await output.WriteLineAsync("| scenario | agent | median ms | p95 ms | min ms |").ConfigureAwait(false);
        await output.WriteLineAsync("| --- | --- | --- | --- | --- |").ConfigureAwait(false);
        foreach (var (name, secrets, extra) in scenarios)
        {
            var samples = Agents.Select(_ => new List<double>()).ToArray();
            for (var i = 0; i < warmup + iterations; i++)
            {
                for (var a = 0; a < Agents.Length; a++)
                {
                    var elapsed = await RunOnceAsync(aws, Agents[a], secrets, extra).ConfigureAwait(false);
                    if (i >= warmup)
                        samples[a].Add(elapsed);
                }
            }

            for (var a = 0; a < Agents.Length; a++)
            {
                samples[a].Sort();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {name} | {a + 1} | {Percentile(samples[a], 0.5):0} | {Percentile(samples[a], 0.95):0} | {samples[a][0]:0} |")).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static List<SecretSpec> Secrets(LoopbackAws aws, int count)
    {
        var secrets = new List<SecretSpec>();
        for (var i = 1; i <= count; i++)
        {
            aws.AddSecret($"bench/secret-{i}", $"{{\"password\":\"value-{i}\"}}");
            secrets.Add(new SecretSpec($"secret-{i}", $"bench/secret-{i}", "password"));
        }

        return secrets;
    }

    private static async Task<double> RunOnceAsync(
        LoopbackAws aws,
        string agent,
        IReadOnlyList<SecretSpec> secrets,
        string[] extra)
    {
        var home = Directory.CreateTempSubdirectory("bench-").FullName;
        var outDir = Path.Combine(home, "out");
        var empty = Path.Combine(home, "empty");
        await File.WriteAllTextAsync(empty, "").ConfigureAwait(false);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[agent, "fetch", "--out", outDir, "--file-mode", "0400", .. extra])
            start.ArgumentList.Add(arg);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = home;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = empty;
        start.Environment["AWS_CONFIG_FILE"] = empty;
        start.Environment["AWS_ACCESS_KEY_ID"] = LoopbackAws.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = LoopbackAws.SecretKey;
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = aws.Url.ToString();
        start.Environment[AgentContract.SecretsVariable] = AgentContract.SerializeSecrets(secrets);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalMilliseconds;

        var last = Path.Combine(outDir, secrets[^1].File);
        if (process.ExitCode != 0 || !File.Exists(last))
            throw new InvalidOperationException($"the agent failed ({process.ExitCode}): {stderr}");
        Directory.Delete(home, recursive: true);
        return elapsed;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

using System.Diagnostics;
using System.Text;

namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// Runs the built agent as a real child process (<c>dotnet secret-injector.dll ARGS</c>) with an explicit
/// environment: nothing of the test process's AWS settings leaks in, and no instance metadata is tried.
/// </summary>
public static class AgentProcess
{
    public static Task<AgentRun> RunAsync(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string> env,
        TimeSpan? limit = null) =>
        StartAsync(args, env, limit).Completion;

    /// <summary>Starts the agent; <see cref="RunningAgent.Completion"/> ends when it exits (killed after <paramref name="limit"/>).</summary>
    public static RunningAgent StartAsync(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string> env,
        TimeSpan? limit = null)
    {
        var home = Directory.CreateTempSubdirectory("agent-home-").FullName;
        var empty = Path.Combine(home, "empty");
        File.WriteAllText(empty, "");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoPaths.AgentDll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = home;
        start.Environment["DOTNET_ROOT"] = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = empty;
        start.Environment["AWS_CONFIG_FILE"] = empty;
        foreach (var (name, value) in env)
            start.Environment[name] = value;

        var process = new Process { StartInfo = start };
        var stderr = new StringBuilder();
        var stdout = new StringBuilder();
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new RunningAgent(process, stderr, WaitAsync(process, home, stdout, stderr, limit ?? TimeSpan.FromSeconds(60)));
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
            return;
        lock (text)
            text.Append(line).Append('\n');
    }

    private static async Task<AgentRun> WaitAsync(
        Process process,
        string home,
        StringBuilder stdout,
        StringBuilder stderr,
        TimeSpan limit)
    {
        using (process)
        {
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the agent did not exit within {limit}: {Read(stderr)}");
            }

            Directory.Delete(home, recursive: true);
            // Every agent run of the suite: nothing it prints may hold a secret value of the fixtures.
            FixtureSecrets.AssertNoneIn(Read(stdout) + Read(stderr), "the agent's output");
            return new AgentRun(process.ExitCode, Read(stdout), Read(stderr));
        }
    }

    internal static string Read(StringBuilder text)
    {
        lock (text)
            return text.ToString();
    }
}

using System.Diagnostics;
using System.Text;

namespace SecretInjector.Tests.TestSupport;

/// <summary>An agent process that is still running.</summary>
public sealed class RunningAgent(Process process, StringBuilder stderr, Task<AgentRun> completion)
{
    private readonly int _pid = process.Id;

    public Task<AgentRun> Completion { get; } = completion;

    /// <summary>What the agent wrote on stderr so far.</summary>
    public string StderrSoFar => AgentProcess.Read(stderr);

    /// <summary>Sends SIGTERM, as the kubelet does when a pod stops.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }
}

using System.Diagnostics;

namespace SecretInjector.Tests.TestSupport;

/// <summary>An agent process that is still running.</summary>
public sealed class RunningAgent(Process process, Task<AgentRun> completion)
{
    private readonly int _pid = process.Id;

    public Task<AgentRun> Completion { get; } = completion;

    /// <summary>Sends SIGTERM, as the kubelet does when a pod stops.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }
}

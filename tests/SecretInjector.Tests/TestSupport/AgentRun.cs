namespace SecretInjector.Tests.TestSupport;

/// <summary>How an agent process ended.</summary>
public sealed record AgentRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The plain failure lines (not the JSON log lines).</summary>
    public IReadOnlyList<string> FailureLines =>
        [.. Stderr.Split('\n').Where(l => l.StartsWith("secret-injector fetch: ", StringComparison.Ordinal))];
}

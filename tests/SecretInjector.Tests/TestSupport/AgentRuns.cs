using SecretInjector.Contract;

namespace SecretInjector.Tests.TestSupport;

/// <summary>Runs the agent process against the loopback stub with static keys from the environment.</summary>
public static class AgentRuns
{
    /// <summary>The agent's environment for <paramref name="secrets"/>: static keys, us-east-1, and the stub as Secrets Manager.</summary>
    public static Dictionary<string, string> StaticKeysEnv(LoopbackAws aws, IReadOnlyList<SecretSpec> secrets)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = LoopbackAws.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = LoopbackAws.SecretKey,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = aws.Url.ToString(),
            [AgentContract.SecretsVariable] = AgentContract.SerializeSecrets(secrets),
        };
    }

    public static Task<AgentRun> WithStaticKeysAsync(
        LoopbackAws aws,
        string outDir,
        IReadOnlyList<SecretSpec> secrets,
        IEnumerable<string> extraArgs,
        TimeSpan? limit = null)
    {
        var env = StaticKeysEnv(aws, secrets);
        string[] args = [AgentContract.FetchCommand, AgentContract.OutOption, outDir, AgentContract.FileModeOption, "0400", .. extraArgs];
        return AgentProcess.RunAsync(args, env, limit);
    }
}

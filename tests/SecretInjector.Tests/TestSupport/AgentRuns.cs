using SecretInjector.Contract;

namespace SecretInjector.Tests.TestSupport;

/// <summary>Runs the agent process against the loopback stub with static keys from the environment.</summary>
public static class AgentRuns
{
    public static Task<AgentRun> WithStaticKeysAsync(
        LoopbackAws aws,
        string outDir,
        IReadOnlyList<SecretSpec> secrets,
        IEnumerable<string> extraArgs,
        TimeSpan? limit = null)
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = LoopbackAws.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = LoopbackAws.SecretKey,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = aws.Url.ToString(),
            [AgentContract.SecretsVariable] = AgentContract.SerializeSecrets(secrets),
        };
        string[] args = [AgentContract.FetchCommand, AgentContract.OutOption, outDir, AgentContract.FileModeOption, "0400", .. extraArgs];
        return AgentProcess.RunAsync(args, env, limit);
    }
}

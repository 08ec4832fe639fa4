using System.CommandLine;
using SecretInjector.Contract;

namespace SecretInjector.Commands;

/// <summary><c>secret-injector fetch</c>: the agent that runs in injected containers.</summary>
public static class FetchCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>(AgentContract.OutOption) { Description = "Directory to write the secret files into", Required = true };
        var fileMode = new Option<string>(AgentContract.FileModeOption) { Description = "Octal permission of the files", DefaultValueFactory = _ => "0400" };
        var interval = new Option<string?>(AgentContract.RefreshIntervalOption) { Description = "Re-read the secrets on this interval (sidecar mode)" };
        var command = new Command(AgentContract.FetchCommand, "Fetch secrets from AWS Secrets Manager into files (run by the injected containers)")
        {
            outDir, fileMode, interval,
        };
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("secret-injector fetch: the agent is not part of this build yet");
            return ExitCodes.Failure;
        });
        return command;
    }
}

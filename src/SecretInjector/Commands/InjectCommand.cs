using System.CommandLine;

namespace SecretInjector.Commands;

/// <summary><c>secret-injector inject -f FILE|-</c>: the webhook's mutation applied to manifests.</summary>
public static class InjectCommand
{
    public static Command Create()
    {
        var command = new Command("inject", "Apply the webhook's mutation to manifests");
        command.SetAction(_ => ExitCodes.Failure);
        return command;
    }
}

using System.CommandLine;
using SecretInjector.Commands;

var root = new RootCommand("SecretInjector: AWS Secrets Manager secrets as files in Kubernetes pods")
{
    ServeCommand.Create(),
    InjectCommand.Create(),
    FetchCommand.Create(),
};

// The web host handles SIGTERM itself (stop being ready, drain, exit), so the parser must not end the process first.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await root.Parse(args).InvokeAsync(invocation).ConfigureAwait(false);

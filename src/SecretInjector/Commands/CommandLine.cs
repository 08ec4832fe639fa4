using System.CommandLine;

namespace SecretInjector.Commands;

/// <summary>The <c>secret-injector</c> command line: its commands, and what a line it cannot parse gets.</summary>
public static class CommandLine
{
    public static RootCommand CreateRoot() =>
        new("SecretInjector: AWS Secrets Manager secrets as files in Kubernetes pods")
        {
            ServeCommand.Create(),
            InjectCommand.Create(),
            FetchCommand.Create(),
        };

    /// <summary>
    /// Runs the command <paramref name="args"/> name. A line that does not parse (a missing or unknown option, a
    /// value of the wrong type) gets one line on <paramref name="error"/> and <see cref="ExitCodes.UsageError"/>,
    /// not the help text.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var parse = CreateRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync(ParseErrorLine(parse)).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        // The web host handles SIGTERM itself (stop being ready, drain, exit), so the parser must not end the process first.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }

    private static string ParseErrorLine(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command is RootCommand ? "secret-injector" : result.Command.Name);
        var command = string.Join(' ', names);
        var messages = parse.Errors.Select(e => e.Message.Trim().TrimEnd('.')).Distinct(StringComparer.Ordinal);
        return $"{command}: {string.Join("; ", messages)} (see {command} --help)";
    }
}

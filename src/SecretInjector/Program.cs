using SecretInjector.Commands;

return await CommandLine.RunAsync(args, Console.Error).ConfigureAwait(false);

using System.Globalization;
using SecretInjector.Benchmarks;

// Process start to exit of `secret-injector fetch` against the loopback stub, for 1 and 20 secrets.
// Usage: dotnet run -c Release --project benchmarks/SecretInjector.Benchmarks -- [iterations] [warmup]
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
return await FetchStartupBenchmark.RunAsync(iterations, warmup, Console.Out).ConfigureAwait(false);

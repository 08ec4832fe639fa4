using System.Globalization;
using SecretInjector.Benchmarks;

// Two measurements, run from the repository root:
//   dotnet run -c Release --project benchmarks/SecretInjector.Benchmarks -- [iterations] [warmup]
//     process start to exit of `secret-injector fetch` against the loopback stub, for 1 and 20 secrets;
//   dotnet run -c Release --project benchmarks/SecretInjector.Benchmarks -- mutate [requests] [concurrency]
//     latency of POST /mutate (fixture 01) against `secret-injector serve` under a short loopback load.
static int Number(string[] args, int index, int fallback) =>
    args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

if (args.Length > 0 && args[0] == "mutate")
    return await MutateLoadBenchmark.RunAsync(Number(args, 1, 20_000), Number(args, 2, 8), Console.Out).ConfigureAwait(false);
return await FetchStartupBenchmark.RunAsync(Number(args, 0, 30), Number(args, 1, 3), Console.Out).ConfigureAwait(false);

using System.CommandLine;
using System.Text;
using SecretInjector.Cluster;
using SecretInjector.Configuration;
using SecretInjector.Policy;
using SecretInjector.Injection;
using SecretInjector.Manifests;

namespace SecretInjector.Commands;

/// <summary><c>secret-injector inject -f FILE|-</c>: the webhook's mutation applied to manifests, offline.</summary>
public static class InjectCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--filename", "-f") { Description = "Manifest file to read, or - for standard input", Required = true };
        var config = new Option<string?>("--config") { Description = "Settings file (YAML), as for serve" };
        var policy = new Option<string?>("--policy") { Description = "Policy file (YAML) to check the pods against; needs --objects" };
        var objects = new Option<string?>("--objects") { Description = "YAML file of Namespaces, ServiceAccounts and SecretProviderClasses to check against" };
        var ns = new Option<string>("--namespace", "-n") { Description = "Namespace of documents that do not name one", DefaultValueFactory = _ => "default" };
        var command = new Command(
            "inject",
            "Apply the webhook's mutation to the pods and pod templates of YAML manifests. Exit codes: 0 written, "
                + "1 a pod was refused (nothing written), 2 the input or a file named cannot be read")
        {
            file, config, policy, objects, ns,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new InjectArguments(parse.GetValue(file)!, parse.GetValue(config), parse.GetValue(policy), parse.GetValue(objects), parse.GetValue(ns)!),
            // Read strictly: invalid UTF-8 is refused, not turned into U+FFFD in documents copied "byte for byte".
            StandardInput(Console.OpenStandardInput(), BoundedInput.LargeFileLimit),
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    /// <summary>UTF-8 that throws on invalid bytes instead of replacing them.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Standard input as <c>inject -f -</c> reads it: strict UTF-8, at most <paramref name="maxBytes"/> bytes (more
    /// fails the read with <see cref="InputTooLargeException"/>).
    /// </summary>
    internal static TextReader StandardInput(Stream stdin, long maxBytes) =>
        new StreamReader(BoundedInput.Bounded(stdin, maxBytes, "(stdin)"), StrictUtf8);

    public static Task<int> RunAsync(
        InjectArguments arguments,
        TextReader input,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken) =>
        RunAsync(arguments, input, output, error, BoundedInput.LargeFileLimit, cancellationToken);

    /// <summary>As the public overload, with the size cap of the <c>-f</c> file given (tests use a small one).</summary>
    internal static async Task<int> RunAsync(
        InjectArguments arguments,
        TextReader input,
        TextWriter output,
        TextWriter error,
        long maxInputBytes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (UsageProblem(arguments) is { } usage)
        {
            await error.WriteLineAsync($"secret-injector inject: {usage}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var source = arguments.File == "-" ? "(stdin)" : arguments.File;
        DecisionContext context;
        string text;
        try
        {
            context = CreateContext(arguments);
            text = arguments.File == "-"
                ? await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                : BoundedInput.ReadAllText(arguments.File, maxInputBytes, StrictUtf8);
        }
        catch (InputTooLargeException e)
        {
            await error.WriteLineAsync($"secret-injector inject: {source}: {e.Reason}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (DecoderFallbackException e)
        {
            var bytes = string.Join(" ", (e.BytesUnknown ?? []).Select(b => $"0x{b:X2}"));
            await error.WriteLineAsync($"secret-injector inject: {source}: not UTF-8 text (the bytes {bytes} are not UTF-8); YAML for Kubernetes must be UTF-8").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is SettingsException or ManifestException or PolicyException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"secret-injector inject: {e.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        InjectResult result;
        try
        {
            result = ManifestInjector.Inject(text, source, context, arguments.Namespace);
        }
        catch (ManifestException e)
        {
            await error.WriteLineAsync($"secret-injector inject: {source}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        foreach (var warning in result.Warnings)
            await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        if (result.Errors.Count > 0)
        {
            // Nothing on stdout: a pipeline must not apply a half-injected set of manifests.
            foreach (var line in result.Errors)
                await error.WriteLineAsync($"secret-injector inject: {line}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await output.WriteAsync(result.Output).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>A namespace that is no DNS-1123 label (what Kubernetes allows), or an option naming a directory.</summary>
    private static string? UsageProblem(InjectArguments arguments)
    {
        if (!Names.IsDnsLabel(arguments.Namespace))
        {
            return $"-n/--namespace {InjectorOptionsValidator.Quote(arguments.Namespace)} is not a namespace name (a DNS-1123 label: "
                + "at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit)";
        }

        return FileArguments.DirectoryProblem(("-f", arguments.File), ("--policy", arguments.PolicyPath), ("--objects", arguments.ObjectsPath));
    }

    private static DecisionContext CreateContext(InjectArguments arguments)
    {
        var options = SettingsLoader.Load(arguments.ConfigPath);
        if (arguments.PolicyPath is not null && arguments.ObjectsPath is null)
            throw new SettingsException("--policy needs --objects FILE: the policy is judged against the pods' namespaces and service accounts");
        var cluster = arguments.ObjectsPath is null ? null : ObjectsFileClusterSource.Load(arguments.ObjectsPath);
        var policy = arguments.PolicyPath is null ? null : PolicyParser.Parse(ReadPolicy(arguments.PolicyPath), arguments.PolicyPath);
        return new DecisionContext(options, cluster, policy);
    }

    private static string ReadPolicy(string path)
    {
        try
        {
            return BoundedInput.ReadAllText(path, BoundedInput.SmallFileLimit);
        }
        catch (InputTooLargeException e)
        {
            throw new PolicyException($"{path}: the policy file is {e.Reason}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException($"{path}: cannot read the policy file: {e.Message}", e);
        }
    }
}

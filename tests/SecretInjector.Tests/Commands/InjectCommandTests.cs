using SecretInjector.Commands;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Commands;

public sealed class InjectCommandTests
{
    private const string OptedInPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          annotations:
            secret-injector.io/inject: "true"
            secret-injector.io/secret-db: payments/db
        spec:
          containers:
            - name: a
              image: example/a:1
        """;

    [Fact]
    public async Task Run_StandardInput_WritesTheInjectedManifest()
    {
        var (code, output, error) = await RunAsync(new InjectArguments("-", null, null, null, "default"), OptedInPod);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("secret-injector-fetch", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Run_DeniedPod_WritesNothingToStdoutAndExitsOne()
    {
        var input = "kind: ConfigMap\nmetadata: {name: fine}\n---\n" + OptedInPod.Replace("secret-db:", "secret-DB:", StringComparison.Ordinal);

        var (code, output, error) = await RunAsync(new InjectArguments("-", null, null, null, "default"), input);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("", output);
        Assert.Contains("(stdin): document 2 (Pod p)", error, StringComparison.Ordinal);
        Assert.Contains("secret-injector.io/secret-DB", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingFile_NamesItAndExitsTwo()
    {
        var (code, output, error) = await RunAsync(new InjectArguments("/nonexistent/app.yaml", null, null, null, "default"), "");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("", output);
        Assert.Contains("/nonexistent/app.yaml", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("yes")]
    public async Task Run_InjectAnnotationUnquoted_IsRefusedAskingForQuotes(string value)
    {
        var input = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata:\n      annotations:\n"
            + $"        secret-injector.io/inject: {value}\n        secret-injector.io/secret-db: shop/db\n    spec:\n      containers: [{{name: app, image: app:1}}]\n";

        var (code, output, error) = await RunAsync(new InjectArguments("-", null, null, null, "default"), input);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("", output);
        Assert.Contains("must be the string \"true\" (quote it in YAML)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FileThatIsNotUtf8_IsRefusedNamingTheBytes()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "latin1.yaml");
        await File.WriteAllBytesAsync(path, [.. "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: \""u8, 0xE9, .. "\"}\n"u8]);

        var (code, output, error) = await RunAsync(new InjectArguments(path, null, null, null, "default"), "");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("", output);
        Assert.Contains("latin1.yaml: not UTF-8 text (the bytes 0xE9 are not UTF-8)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-f")]
    [InlineData("--policy")]
    [InlineData("--objects")]
    public async Task Run_FileOptionNamingADirectory_SaysItIsADirectory(string option)
    {
        using var directory = new TempDirectory();
        var objects = RepoPaths.Fixture("admission", "cluster-state.yaml");
        var arguments = option switch
        {
            "-f" => new InjectArguments(directory.Path, null, null, null, "default"),
            "--policy" => new InjectArguments("-", null, directory.Path, objects, "default"),
            _ => new InjectArguments("-", null, null, directory.Path, "default"),
        };

        var (code, output, error) = await RunAsync(arguments, OptedInPod);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("", output);
        Assert.Equal($"secret-injector inject: {option} {directory.Path}: is a directory, not a file\n", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad/ns")]
    [InlineData("Payments")]
    [InlineData("-payments")]
    [InlineData("payments.team")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("pay\nments")]
    public async Task Run_NamespaceNotADnsLabel_NamesTheOptionAndExitsTwo(string ns)
    {
        var (code, output, error) = await RunAsync(new InjectArguments("-", null, null, null, ns), OptedInPod);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("", output);
        Assert.StartsWith("secret-injector inject: -n/--namespace '", error, StringComparison.Ordinal);
        Assert.Contains("is not a namespace name (a DNS-1123 label", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Run_NamespaceOfSixtyThreeCharacters_IsAccepted()
    {
        var ns = new string('a', 63);

        var (code, output, _) = await RunAsync(new InjectArguments("-", null, null, null, ns), OptedInPod);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("secret-injector-fetch", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DuplicateKeyFixture_RefusesClearlyWithNothingOnStdout()
    {
        var file = RepoPaths.Fixture("pods", "31-eks-pod-identity-webhook-pod-with-init-and-native-sidecar.yaml");

        var (code, output, error) = await RunAsync(new InjectArguments(file, null, null, null, "default"), "");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("", output);
        Assert.Contains("duplicate key 'serviceAccountName'", error, StringComparison.Ordinal);
        Assert.Contains("line", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SettingsWithUnknownKeyAndBadValue_NamesBoth()
    {
        var config = Path.GetTempFileName();
        await File.WriteAllTextAsync(config, "image: example/injector:1\nimagePullPolicy: Sometimes\nimagePullPolicyy: Always\n");

        var (code, _, error) = await RunAsync(new InjectArguments("-", config, null, null, "default"), OptedInPod);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("imagePullPolicyy", error, StringComparison.Ordinal);
        File.Delete(config);
    }

    [Theory]
    [InlineData("hello\n", "settings file SETTINGS: must be a mapping of settings (key: value), not a string")]
    [InlineData("image: a\nimage: b\n", "settings file SETTINGS: line 2, column 1: duplicate key 'image'")]
    [InlineData("limits: [1]\n", "settings file SETTINGS: limits: must be a map of resource name to quantity")]
    public async Task Run_SettingsFileOfWrongShape_StopsWithOneLineAndExitsTwo(string settings, string expected)
    {
        using var directory = new TempDirectory();
        var config = directory.File("settings.yaml");
        await File.WriteAllTextAsync(config, settings);

        var (code, output, error) = await RunAsync(new InjectArguments("-", config, null, null, "default"), OptedInPod);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("", output);
        Assert.StartsWith("secret-injector inject: " + expected.Replace("SETTINGS", config, StringComparison.Ordinal), error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Run_SettingsFile_ChangesTheInjectedImage()
    {
        var config = Path.GetTempFileName();
        await File.WriteAllTextAsync(config, "image: registry.example/secret-injector:9.9\nlimits:\n  cpu: 200m\n  memory: 96Mi\n");

        var (code, output, _) = await RunAsync(new InjectArguments("-", config, null, null, "default"), OptedInPod);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("image: registry.example/secret-injector:9.9", output, StringComparison.Ordinal);
        Assert.Contains("memory: 96Mi", output, StringComparison.Ordinal);
        File.Delete(config);
    }

    [Fact]
    public async Task Run_WindowsPod_InjectsAndWarns()
    {
        var file = RepoPaths.Fixture("pods", "32-eks-pod-identity-webhook-windows-pod-without-volumes.yaml");
        var input = (await File.ReadAllTextAsync(file)).Replace("  annotations:\n", "  annotations:\n    secret-injector.io/inject: \"true\"\n    secret-injector.io/secret-db: payments/db\n", StringComparison.Ordinal);

        var (code, output, error) = await RunAsync(new InjectArguments("-", null, null, null, "default"), input);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("secret-injector-fetch", output, StringComparison.Ordinal);
        Assert.Contains("warning:", error, StringComparison.Ordinal);
        Assert.Contains("Windows", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ObjectsWithoutPolicy_WiresTheServiceAccountsRole()
    {
        var objects = RepoPaths.Fixture("admission", "cluster-state.yaml");
        var input = OptedInPod.Replace("spec:\n", "spec:\n  serviceAccountName: payments-api\n", StringComparison.Ordinal);

        var (code, output, _) = await RunAsync(new InjectArguments("-", null, null, objects, "payments"), input);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("value: arn:aws:iam::111122223333:role/payments-api", output, StringComparison.Ordinal);
        Assert.Contains("audience: sts.amazonaws.com", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OptedInPodInUnlabelledNamespace_LeavesItUnchangedAndSaysWhy()
    {
        var objects = RepoPaths.Fixture("admission", "cluster-state.yaml");

        var (code, output, error) = await RunAsync(new InjectArguments("-", null, null, objects, "default"), OptedInPod);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(OptedInPod, output);
        Assert.Contains("warning: (stdin): document 1 (Pod p): the pod opts in, but namespace default lacks the label secret-injector.io/injection=enabled", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(InjectArguments arguments, string input)
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await InjectCommand.RunAsync(arguments, stdin, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}

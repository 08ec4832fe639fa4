using SecretInjector.Commands;
using SecretInjector.Hosting;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Commands;

public sealed class ServeCommandTests
{
    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        current-context: c
        contexts: [{name: c, context: {cluster: k, user: u}}]
        users: [{name: u, user: {token: t}}]
        clusters:
        - name: k
          cluster:
            server: https://127.0.0.1:6443

        """;

    private const string KubeconfigWithBadClientCertificate = """
        apiVersion: v1
        kind: Config
        current-context: c
        contexts: [{name: c, context: {cluster: k, user: u}}]
        users: [{name: u, user: {client-certificate-data: aGVsbG8=, client-key-data: aGVsbG8=}}]
        clusters: [{name: k, cluster: {server: "https://127.0.0.1:6443"}}]
        """;

    [Fact]
    public async Task Run_BadPolicyAtStartUp_StopsWithLineAndField()
    {
        var policy = Path.GetTempFileName();
        await File.WriteAllTextAsync(policy, "enforcement: deny\nrules:\n  - name: a\n    namespace: [x]\n");

        var (code, error) = await RunAsync(Arguments(policy: policy));

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("line 4", error, StringComparison.Ordinal);
        Assert.Contains("unknown field 'namespace'", error, StringComparison.Ordinal);
        File.Delete(policy);
    }

    [Fact]
    public async Task Run_WithoutPolicy_SaysItIsRequired()
    {
        var (code, error) = await RunAsync(Arguments() with { PolicyPath = null });

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--policy PATH is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HttpsWithoutCertificate_SaysWhatIsMissing()
    {
        var (code, error) = await RunAsync(Arguments() with { TlsCertPath = null });

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--tls-cert and --tls-key are required", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnreadableCertificate_SaysSo()
    {
        var (code, error) = await RunAsync(Arguments() with { TlsCertPath = "/nonexistent/tls.crt" });

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("cannot load the TLS certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SettingsWithBadValue_NamesTheKey()
    {
        var config = Path.GetTempFileName();
        await File.WriteAllTextAsync(config, "defaultMode: vault\n");

        var (code, error) = await RunAsync(Arguments() with { ConfigPath = config });

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("defaultMode", error, StringComparison.Ordinal);
        File.Delete(config);
    }

    [Theory]
    [InlineData("imag: x\n", "unknown key 'imag' (known: image, imagePullPolicy,")]
    [InlineData("image: x\nlimit:\n  cpu: 1\n", "unknown key 'limit'")]
    [InlineData("agentUser: lots\n", "settings file")]
    [InlineData("hello\n", "must be a mapping of settings (key: value), not a string")]
    [InlineData("image: a\nimage: b\n", "line 2, column 1: duplicate key 'image'")]
    [InlineData("image: \"a\\nb\"\n", "image: 'a\\nb' is not an image reference")]
    [InlineData("agentUser: 99999999999999\n", "agentUser: 99999999999999 must be a Linux UID from 1 to 2147483647")]
    [InlineData("requests: [1]\n", "requests: must be a map of resource name to quantity")]
    public async Task Run_BadSettingsFile_StopsWithOneLine(string settings, string expected)
    {
        var config = Path.GetTempFileName();
        await File.WriteAllTextAsync(config, settings);

        var (code, error) = await RunAsync(Arguments() with { ConfigPath = config });

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        File.Delete(config);
    }

    [Fact]
    public async Task Run_SettingsFileMissing_SaysSoNotTheCertificate()
    {
        var (code, error) = await RunAsync(Arguments() with { ConfigPath = "/nonexistent/settings.yaml" });

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("settings file /nonexistent/settings.yaml: no such file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("TLS", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("")]
    [InlineData(";")]
    [InlineData("https://127.0.0.1:99999")]
    [InlineData("ftp://127.0.0.1:8443")]
    [InlineData("https://:8443")]
    [InlineData("https://[::1:8443")]
    [InlineData("https://127.0.0.1:8443/webhook")]
    [InlineData("https://127.0.0.1:0;nonsense")]
    [InlineData("https://bad host:8443")]
    public async Task Run_UrlsNotAnAddress_StopsWithOneLineNamingTheOption(string urls)
    {
        var (code, error) = await RunAsync(Arguments() with { Urls = urls });

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.StartsWith("secret-injector serve: --urls: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("--policy")]
    [InlineData("--objects")]
    [InlineData("--tls-cert")]
    [InlineData("--tls-key")]
    [InlineData("--kubeconfig")]
    public async Task Run_FileOptionNamingADirectory_SaysItIsADirectory(string option)
    {
        using var directory = new TempDirectory();
        var arguments = Arguments();
        arguments = option switch
        {
            "--policy" => arguments with { PolicyPath = directory.Path },
            "--objects" => arguments with { ObjectsPath = directory.Path },
            "--tls-cert" => arguments with { TlsCertPath = directory.Path },
            "--tls-key" => arguments with { TlsKeyPath = directory.Path },
            _ => arguments with { ObjectsPath = null, KubeconfigPath = directory.Path },
        };

        var (code, error) = await RunAsync(arguments);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal($"secret-injector serve: {option} {directory.Path}: is a directory, not a file\n", error);
    }

    [Fact]
    public async Task Run_UrlsNonsense_SaysWhatAnAddressLooksLike()
    {
        var (code, error) = await RunAsync(Arguments() with { Urls = "nonsense" });

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("secret-injector serve: --urls: 'nonsense' is not a URL (scheme://host:port); give an address such as https://0.0.0.0:8443\n", error);
    }

    [Theory]
    [InlineData("https://0.0.0.0:8443")]
    [InlineData("https://127.0.0.1:0; http://localhost:8080")]
    [InlineData("http://*:8080")]
    [InlineData("https://+:8443")]
    [InlineData("https://[::1]:8443")]
    [InlineData("https://[::]:8443/")]
    [InlineData("http://webhook.example:8080")]
    [InlineData("http://unix:/run/secret-injector.sock")]
    public void UrlsProblem_AddressKestrelListensOn_IsNone(string urls)
    {
        Assert.Null(ServeCommand.UrlsProblem(urls));
    }

    [Theory]
    [InlineData("not: [a kubeconfig\n", "line 2")]
    [InlineData("hello\n", "not a kubeconfig")]
    [InlineData("clusters: 5\n", "not a kubeconfig")]
    [InlineData("", "not a kubeconfig")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: []\n", "server")]
    [InlineData(Kubeconfig + "    certificate-authority-data: \"!!!notbase64\"\n", "Base-64")]
    [InlineData(KubeconfigWithBadClientCertificate, "certificate")]
    [InlineData(Kubeconfig + "    certificate-authority: /nonexistent/ca.crt\n", "/nonexistent/ca.crt")]
    public async Task Run_MalformedKubeconfig_StopsWithOneLineNamingTheOption(string kubeconfig, string expected)
    {
        using var directory = new TempDirectory();
        var path = directory.File("kubeconfig");
        await File.WriteAllTextAsync(path, kubeconfig);

        var (code, error) = await RunAsync(Arguments() with { ObjectsPath = null, KubeconfigPath = path });

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.StartsWith($"secret-injector serve: --kubeconfig {path}: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    private static ServeArguments Arguments(string? policy = null)
    {
        var directory = Directory.CreateTempSubdirectory("serve-args-").FullName;
        TestCertificates.WritePem(Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"), "x");
        return new ServeArguments(
            "https://127.0.0.1:0",
            Path.Combine(directory, "tls.crt"),
            Path.Combine(directory, "tls.key"),
            null,
            policy ?? RepoPaths.Fixture("admission", "policy.yaml"),
            null,
            RepoPaths.Fixture("admission", "cluster-state.yaml"));
    }

    private static async Task<(int Code, string Error)> RunAsync(ServeArguments arguments)
    {
        using var error = new StringWriter();
        var code = await ServeCommand.RunAsync(arguments, error, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return (code, error.ToString());
    }
}

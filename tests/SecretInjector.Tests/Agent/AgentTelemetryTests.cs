using System.Runtime.Versioning;
using System.Text;
using SecretInjector.Contract;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Agent;

/// <summary>The agent's fetch metrics, sent over OTLP/HTTP to a loopback collector as the standard variables ask.</summary>
[Collection(SerialAgentRuns.Name)]
[SupportedOSPlatform("linux")]
public sealed class AgentTelemetryTests : IAsyncLifetime, IDisposable
{
    private LoopbackAws _aws = null!;
    private LoopbackOtlp _otlp = null!;
    private readonly TempDirectory _temp = new();

    public async Task InitializeAsync()
    {
        _aws = await LoopbackAws.StartAsync();
        _otlp = await LoopbackOtlp.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _otlp.DisposeAsync();
        await _aws.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Fetch_WithOtlpEndpoint_SendsResultsByCodeBeforeItExits()
    {
        var env = Env(
            [new SecretSpec("db", "payments/db-password", "password"), new SecretSpec("gone", "payments/does-not-exist")],
            ("OTEL_EXPORTER_OTLP_ENDPOINT", _otlp.Url.ToString().TrimEnd('/')),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));

        var run = await AgentProcess.RunAsync(["fetch", "--out", Path.Combine(_temp.Path, "out")], env);

        Assert.Equal(1, run.ExitCode);
        var export = Assert.Single(_otlp.Exports, e => e.Path == "/v1/metrics");
        Assert.Equal("application/x-protobuf", export.ContentType);
        // Protobuf keeps strings as UTF-8 bytes: the names and label values can be found in the body as sent.
        var body = Encoding.UTF8.GetString(export.Body);
        Assert.Contains("secret_injector.fetch.results", body, StringComparison.Ordinal);
        Assert.Contains("secret_injector.fetch.duration", body, StringComparison.Ordinal);
        Assert.Contains("secret-injector-agent", body, StringComparison.Ordinal);
        Assert.Contains("ResourceNotFoundException", body, StringComparison.Ordinal);
        Assert.Contains("once", body, StringComparison.Ordinal);
        foreach (var value in _aws.SecretValues())
            Assert.DoesNotContain(value, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_WithoutOtlpEndpoint_SendsNothing()
    {
        var env = Env([new SecretSpec("db", "payments/db-password", "password")], ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));

        var run = await AgentProcess.RunAsync(["fetch", "--out", Path.Combine(_temp.Path, "out")], env);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Empty(_otlp.Exports);
    }

    private Dictionary<string, string> Env(SecretSpec[] secrets, params (string Name, string Value)[] extra)
    {
        var env = AgentRuns.StaticKeysEnv(_aws, secrets);
        foreach (var (name, value) in extra)
            env[name] = value;
        return env;
    }
}

using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SecretInjector.Hosting;

namespace SecretInjector.Tests.TestSupport;

/// <summary>The real webhook on Kestrel over TLS at 127.0.0.1 on a free port, with a client that trusts it.</summary>
internal sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CapturingLoggerProvider _logs;

    private WebhookServer(WebApplication app, string directory, Uri address, CapturingLoggerProvider logs)
    {
        _app = app;
        _logs = logs;
        Directory = directory;
        Address = address;
        Client = CreateClient();
    }

    public string Directory { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public string CertPath => Path.Combine(Directory, "tls.crt");

    public string KeyPath => Path.Combine(Directory, "tls.key");

    /// <summary>Thumbprint of the certificate presented in the last TLS handshake of <see cref="Client"/> or <see cref="CreateClient"/>.</summary>
    public string? LastSeenThumbprint { get; private set; }

    public WebApplication App => _app;

    public static async Task<WebhookServer> StartAsync(
        Func<string, ServeArguments>? arguments = null,
        Action<IServiceCollection>? services = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("secret-injector-test-").FullName;
        TestCertificates.WritePem(Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"), "webhook-1");
        var args = arguments?.Invoke(directory)
            ?? new ServeArguments(
                "https://127.0.0.1:0",
                Path.Combine(directory, "tls.crt"),
                Path.Combine(directory, "tls.key"),
                null,
                RepoPaths.Fixture("admission", "policy.yaml"),
                null,
                RepoPaths.Fixture("admission", "cluster-state.yaml"));
        // Every server of the suite logs here too, and its log is checked for secret values when it stops.
        var logs = new CapturingLoggerProvider();
        var app = WebhookHost.Build(
            args with { CertificateCheckInterval = TimeSpan.FromMilliseconds(100), PolicyCheckInterval = TimeSpan.FromMilliseconds(100) },
            s =>
            {
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
                services?.Invoke(s);
            });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = new Uri(WebhookHost.BoundAddresses(app)[0]);
        return new WebhookServer(app, directory, address, logs);
    }

    /// <summary>A new client (new connections), trusting any certificate and recording which one it saw.</summary>
    public HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => Remember(cert) },
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<(System.Net.HttpStatusCode Status, JsonObject? Body, string Text)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri("/mutate", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? json = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
            json = JsonNode.Parse(text)!.AsObject();
        return (response.StatusCode, json, text);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
        FixtureSecrets.AssertNoneIn(_logs.All, "the webhook's log");
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private bool Remember(X509Certificate? cert)
    {
        if (cert is not null)
            LastSeenThumbprint = new X509Certificate2(cert).Thumbprint;
        return true;
    }
}

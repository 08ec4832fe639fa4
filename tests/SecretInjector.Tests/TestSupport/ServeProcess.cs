using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// <c>secret-injector serve</c> as a real child process (the build beside the tests), on a free loopback port
/// with a fresh certificate, the fixture policy and the fixture cluster objects.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private readonly string _thumbprint;

    private ServeProcess(Process process, int port, string directory, string thumbprint)
    {
        _process = process;
        Port = port;
        Directory = directory;
        _thumbprint = thumbprint;
    }

    public int Port { get; }

    public string Directory { get; }

    public Process Process => _process;

    public string CertPath => Path.Combine(Directory, "tls.crt");

    public static async Task<ServeProcess> StartAsync(params string[] extraArgs)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("serve-").FullName;
        var thumbprint = TestCertificates.WritePem(Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"), "serve-process");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "secret-injector.dll"), "serve",
            "--urls", $"https://127.0.0.1:{port}",
            "--tls-cert", Path.Combine(directory, "tls.crt"), "--tls-key", Path.Combine(directory, "tls.key"),
            "--policy", RepoPaths.Fixture("admission", "policy.yaml"),
            "--objects", RepoPaths.Fixture("admission", "cluster-state.yaml"),
        }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var serve = new ServeProcess(process, port, directory, thumbprint);
        await serve.WaitReadyAsync();
        return serve;
    }

    /// <summary>Sends SIGTERM, as the kubelet does when it stops a pod.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task WaitReadyAsync()
    {
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => Trusts(cert) } };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"https://127.0.0.1:{Port}/readyz"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("secret-injector serve did not become ready in 30 s");
    }

    /// <summary>True for the certificate this process serves (tests pin it instead of trusting a CA).</summary>
    public bool Trusts(System.Security.Cryptography.X509Certificates.X509Certificate? cert) =>
        cert is not null && cert.GetCertHashString() == _thumbprint;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

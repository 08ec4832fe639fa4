using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Benchmarks;

/// <summary>
/// Latency of <c>POST /mutate</c> under a short loopback load: the real <c>secret-injector serve</c> in its own
/// process (HTTPS, fixture policy and cluster objects), fed AdmissionReview fixture 01 by a fixed number of
/// concurrent keep-alive clients for a fixed number of requests after a warm-up.
/// </summary>
internal static class MutateLoadBenchmark
{
    public static async Task<int> RunAsync(int requests, int concurrency, TextWriter output)
    {
        var folder = Directory.CreateTempSubdirectory("mutate-load-").FullName;
        var thumbprint = WriteCertificate(folder);
        var port = FreePort();
        using var server = StartServer(folder, port);
        try
        {
            using var client = Client(thumbprint, concurrency);
            var body = File.ReadAllText(RepoPaths.Fixture("admission", "01-pod-create-deployment-init-mode-irsa.json"));
            await WaitReadyAsync(client, port);

            await LoadAsync(client, port, body, Math.Max(200, requests / 10), concurrency);
            var (latencies, elapsed, failures) = await LoadAsync(client, port, body, requests, concurrency);
            Report(output, latencies, elapsed, failures, concurrency);
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(List<double> Latencies, TimeSpan Elapsed, int Failures)> LoadAsync(
        HttpClient client,
        int port,
        string body,
        int requests,
        int concurrency)
    {
        var latencies = new List<double>(requests);
        var failures = 0;
        var remaining = requests;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var mine = new List<double>();
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri($"https://127.0.0.1:{port}/mutate"), content);
                var text = await response.Content.ReadAsStringAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"patch\"", StringComparison.Ordinal))
                    Interlocked.Increment(ref failures);
            }

            lock (latencies)
                latencies.AddRange(mine);
        });
        await Task.WhenAll(workers);
        return (latencies, clock.Elapsed, failures);
    }

    private static void Report(TextWriter output, List<double> latencies, TimeSpan elapsed, int failures, int concurrency)
    {
        latencies.Sort();
        string At(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(q * latencies.Count))].ToString("F2", CultureInfo.InvariantCulture);
        output.WriteLine($"POST /mutate, fixture 01, {latencies.Count} requests, {concurrency} concurrent keep-alive clients, HTTPS on loopback");
        output.WriteLine($"  median {At(0.50)} ms   p90 {At(0.90)} ms   p99 {At(0.99)} ms   max {latencies[^1]:F2} ms");
        output.WriteLine($"  throughput {(latencies.Count / elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture)} reviews/s   failures {failures}");
    }

    private static Process StartServer(string folder, int port)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "secret-injector.dll"), "serve",
            "--urls", $"https://127.0.0.1:{port}",
            "--tls-cert", Path.Combine(folder, "tls.crt"), "--tls-key", Path.Combine(folder, "tls.key"),
            "--policy", RepoPaths.Fixture("admission", "policy.yaml"),
            "--objects", RepoPaths.Fixture("admission", "cluster-state.yaml"),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static HttpClient Client(string thumbprint, int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == thumbprint },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static async Task WaitReadyAsync(HttpClient client, int port)
    {
        for (var i = 0; i < 150; i++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"https://127.0.0.1:{port}/readyz"));
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

    private static string WriteCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        File.WriteAllText(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(folder, "tls.crt"), cert.ExportCertificatePem());
        return cert.Thumbprint;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

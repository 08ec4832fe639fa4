using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Hosting;

public sealed class CertificateReloaderTests
{
    [Fact]
    public async Task ReplacedCertificateFiles_AreServedWithoutRefusingAConnection()
    {
        await using var server = await WebhookServer.StartAsync();
        using (var first = server.CreateClient())
            await first.GetAsync(new Uri("/healthz", UriKind.Relative));
        var before = server.LastSeenThumbprint;
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var requests = 0;
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = server.CreateClient();
                try
                {
                    using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                    if (response.StatusCode != HttpStatusCode.OK)
                        Interlocked.Increment(ref failures);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref requests);
            }
        });

        var after = RotateLikeAMountedSecret(server);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (server.LastSeenThumbprint != after && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        await stop.CancelAsync();
        await load.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(before, after);
        Assert.Equal(after, server.LastSeenThumbprint);
        Assert.Equal(0, failures);
        Assert.True(requests > 0);
    }

    [Fact]
    public async Task HalfWrittenCertificatePair_KeepsServingThePreviousCertificate()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await WebhookServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        using (var first = server.CreateClient())
            await first.GetAsync(new Uri("/healthz", UriKind.Relative));
        var before = server.LastSeenThumbprint;

        await File.WriteAllTextAsync(server.CertPath, "-----BEGIN CERTIFICATE-----\nnot a certificate\n");
        await Eventually.TrueAsync(() => logs.Lines.Any(IsRefusal), "the log line refusing the half-written pair");
        using var second = server.CreateClient();
        using var response = await second.GetAsync(new Uri("/healthz", UriKind.Relative));

        var refusal = logs.Lines.First(IsRefusal);
        Assert.Contains(server.CertPath, refusal, StringComparison.Ordinal);
        Assert.Matches(@"do not load \(.+\); still serving the previous certificate", refusal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(before);
        Assert.Equal(before, server.LastSeenThumbprint);
    }

    private static bool IsRefusal(string line) =>
        line.Contains("[1002] Serving certificate files ", StringComparison.Ordinal) && line.Contains("still serving the previous certificate", StringComparison.Ordinal);

    /// <summary>Writes a new pair the way the kubelet updates a Secret volume: a new folder, then a symlink swap.</summary>
    private static string RotateLikeAMountedSecret(WebhookServer server)
    {
        var folder = Path.Combine(server.Directory, "..2");
        Directory.CreateDirectory(folder);
        var thumbprint = TestCertificates.WritePem(Path.Combine(folder, "tls.crt"), Path.Combine(folder, "tls.key"), "webhook-2");
        foreach (var name in new[] { "tls.crt", "tls.key" })
        {
            var link = Path.Combine(server.Directory, name + ".new");
            File.CreateSymbolicLink(link, Path.Combine(folder, name));
            File.Move(link, Path.Combine(server.Directory, name), overwrite: true);
        }

        return thumbprint;
    }
}

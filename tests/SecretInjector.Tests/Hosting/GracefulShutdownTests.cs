using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Hosting;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_WithReviewsInFlight_AnswersThemAllAndExitsInTime()
    {
        using var serve = await ServeProcess.StartAsync("--shutdown-timeout", "10");
        var body = Encoding.UTF8.GetBytes(AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json").ToJsonString());
        var half = body.Length / 2;
        var streams = new List<SslStream>();
        for (var i = 0; i < 5; i++)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", serve.Port);
            var tls = new SslStream(tcp.GetStream(), false, (_, cert, _, _) => serve.Trusts(cert));
            await tls.AuthenticateAsClientAsync("127.0.0.1");
            var head = $"POST /mutate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
            await tls.WriteAsync(body.AsMemory(0, half));
            await tls.FlushAsync();
            streams.Add(tls);
        }

        var clock = Stopwatch.StartNew();
        serve.Terminate();
        await Task.Delay(500);
        var statuses = new List<string>();
        foreach (var tls in streams)
        {
            await tls.WriteAsync(body.AsMemory(half));
            await tls.FlushAsync();
            var buffer = new byte[64];
            var read = await tls.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            statuses.Add(Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0]);
            await tls.DisposeAsync();
        }

        var exited = await serve.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);

        Assert.All(statuses, s => Assert.Equal("HTTP/1.1 200 OK", s));
        Assert.True(exited, "the process did not exit within the shutdown timeout");
        Assert.Equal(0, serve.Process.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }
}

using SecretInjector.Hosting;
using SecretInjector.Tests.Cluster;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Hosting;

public sealed class FileReloadServiceTests
{
    [Fact]
    public async Task ExecuteAsync_CheckThrowsUnexpectedly_LogsItAndKeepsChecking()
    {
        var log = new RecordingLogger<FileReloadServiceTests>();
        using var reloader = new Flaky(log);

        await reloader.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => reloader.Checks >= 3, "three checks, the first of which threw");
        await reloader.StopAsync(CancellationToken.None);

        Assert.Contains(log.Entries, e => e.Id.Name == "ReloadFailed" && e.Message.Contains("Flaky", StringComparison.Ordinal));
    }

    private sealed class Flaky(RecordingLogger<FileReloadServiceTests> log)
        : FileReloadService(TimeSpan.FromMilliseconds(20), TimeProvider.System, log)
    {
        private int _checks;

        public int Checks => Volatile.Read(ref _checks);

        public override bool TryReload()
        {
            if (Interlocked.Increment(ref _checks) == 1)
                throw new ArgumentException("a fault nobody foresaw");
            return false;
        }
    }
}

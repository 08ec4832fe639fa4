using Microsoft.Extensions.Hosting;

namespace SecretInjector.Hosting;

/// <summary>
/// Re-reads files on an interval and lets the subclass decide whether they changed. Polling by content, rather
/// than file-system events, also sees the symlink swap by which the kubelet updates a mounted Secret or ConfigMap.
/// </summary>
public abstract class FileReloadService(TimeSpan interval, TimeProvider time) : BackgroundService
{
    /// <summary>Re-reads the files; returns true when something new came into force.</summary>
    public abstract bool TryReload();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                TryReload();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

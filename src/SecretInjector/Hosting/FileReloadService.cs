using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SecretInjector.Hosting;

/// <summary>
/// Re-reads files on an interval and lets the subclass decide whether they changed. Polling by content, rather
/// than file-system events, also sees the symlink swap by which the kubelet updates a mounted Secret or ConfigMap.
/// </summary>
public abstract partial class FileReloadService(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>Re-reads the files; returns true when something new came into force.</summary>
    public abstract bool TryReload();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                ReloadOnce();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// One check. A fault the subclass did not foresee is logged and the loop goes on with what is in force: one
    /// odd file must not end the reloading (or, through the host, the webhook).
    /// </summary>
    private void ReloadOnce()
    {
        try
        {
            TryReload();
        }
#pragma warning disable CA1031 // Last resort, logged: the loop keeps the last good files in force.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogReloadFailed(logger, GetType().Name, e);
        }
    }

    [LoggerMessage(EventId = 1300, EventName = "ReloadFailed", Level = LogLevel.Error,
        Message = "{Reloader}: checking the files failed unexpectedly; what was loaded stays in force")]
    private static partial void LogReloadFailed(ILogger logger, string reloader, Exception exception);
}

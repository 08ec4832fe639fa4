using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SecretInjector.Commands;
using SecretInjector.Contract;

namespace SecretInjector.Agent;

/// <summary>
/// The sidecar loop: re-read every secret each interval (with ±10 % jitter, so pods do not call in step), rewrite
/// the set only when its content changed (hashes compared in memory), keep the last good files when a read fails
/// and retry sooner with backoff, and stop cleanly when cancelled (SIGTERM).
/// </summary>
public sealed class RefreshLoop(
    FetchCycle cycle,
    AtomicSetWriter writer,
    RefreshSchedule schedule,
    ILogger logger,
    TextWriter errors,
    TimeProvider time)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs until <paramref name="stop"/> fires; returns <see cref="ExitCodes.Success"/> then. When the init container
    /// already wrote the set, the first read waits one interval, so a pod start costs one read of each secret, not two.
    /// </summary>
    public async Task<int> RunAsync(IReadOnlyList<SecretSpec> secrets, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        AgentLog.RefreshStarted(logger, secrets.Count, schedule.Interval.TotalSeconds);
        var lastHash = HashOfCurrentSet();
        var delay = lastHash is null ? TimeSpan.Zero : Jitter(schedule.Interval);
        var failures = 0;
        while (await WaitAsync(delay, stop).ConfigureAwait(false))
        {
            var hash = await RefreshOnceAsync(secrets, lastHash, stop).ConfigureAwait(false);
            failures = hash is null ? failures + 1 : 0;
            lastHash = hash ?? lastHash;
            delay = failures == 0 ? Jitter(schedule.Interval) : Backoff(failures);
            if (failures > 0)
                AgentLog.RefreshFailed(logger, delay.TotalSeconds);
        }

        AgentLog.RefreshStopping(logger);
        return ExitCodes.Success;
    }

    /// <summary>False when <paramref name="stop"/> fired first.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, time, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>One refresh; the hash of the set on disk afterwards, or null when it failed.</summary>
    private async Task<byte[]?> RefreshOnceAsync(IReadOnlyList<SecretSpec> secrets, byte[]? lastHash, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(schedule.Timeout);
        var result = await cycle.RunAsync(secrets, deadline.Token).ConfigureAwait(false);
        if (stop.IsCancellationRequested)
            return lastHash;
        if (!result.Succeeded)
        {
            foreach (var failure in result.Failures)
                await errors.WriteLineAsync(failure.ToLine()).ConfigureAwait(false);
            return null;
        }

        var hash = Hash(result.Files);
        if (lastHash is not null && CryptographicOperations.FixedTimeEquals(hash, lastHash))
        {
            AgentLog.RefreshUnchanged(logger);
            return hash;
        }

        try
        {
            writer.Write(result.Files);
            AgentLog.SetRewritten(logger, result.Files.Count, writer.Root);
            return hash;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AgentLog.WriteFailure(logger, writer.Root, ex);
            await errors.WriteLineAsync($"secret-injector fetch: cannot write into {writer.Root}: {ex.Message.TrimEnd('.')}.").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>The hash of the set already on disk (written by the init container), so an unchanged set is not rewritten.</summary>
    private byte[]? HashOfCurrentSet()
    {
        try
        {
            return writer.ReadCurrent() is { } files ? Hash(files) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>SHA-256 over each file's name, length and content, in name order.</summary>
    public static byte[] Hash(IEnumerable<RenderedFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file.Name + "\0" + file.Content.Length + "\0"));
            hash.AppendData(file.Content);
        }

        return hash.GetHashAndReset();
    }

    private static TimeSpan Jitter(TimeSpan period) =>
        period * (0.9 + (Random.Shared.NextDouble() * 0.2));

    private TimeSpan Backoff(int failures)
    {
        var delay = FirstRetry * Math.Pow(2, Math.Min(failures - 1, 10));
        return Jitter(delay < schedule.Interval ? delay : schedule.Interval);
    }
}

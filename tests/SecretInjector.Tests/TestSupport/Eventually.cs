namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// Polls a condition until it holds or a deadline passes; the failure names what was awaited and the last value.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    public static async Task<T> MatchesAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> done,
        string what,
        TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var last = default(T);
        while (!deadline.IsCancellationRequested)
        {
            last = await probe().WaitAsync(TimeSpan.FromSeconds(10));
            if (done(last))
                return last;
            await Task.Delay(Interval);
        }

        throw new TimeoutException($"Timed out waiting for {what}; last value: {last}");
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        MatchesAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);
}

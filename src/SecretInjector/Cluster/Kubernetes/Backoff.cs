namespace SecretInjector.Cluster.Kubernetes;

/// <summary>
/// Exponential reconnect delays with jitter: the n-th failure waits between half and all of
/// <c>initial * 2^(n-1)</c>, capped at the maximum, so replicas that lost the API server together do not
/// return together.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    public int Attempt { get; private set; }

    public TimeSpan Next()
    {
        Attempt++;
        var exponent = Math.Min(Attempt - 1, 30);
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
#pragma warning disable CA5394 // Jitter only spreads reconnects out; it protects nothing.
        var jittered = (ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(jittered);
    }

    public void Reset() => Attempt = 0;
}

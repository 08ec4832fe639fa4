using SecretInjector.Cluster.Kubernetes;

namespace SecretInjector.Tests.Cluster;

public sealed class BackoffTests
{
    [Fact]
    public void Next_RepeatedFailures_DoublesWithJitterUpToTheCeiling()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

        var delays = Enumerable.Range(0, 12).Select(_ => backoff.Next()).ToList();

        for (var i = 0; i < delays.Count; i++)
        {
            var ceiling = Math.Min(30_000, 200 * Math.Pow(2, i));
            Assert.InRange(delays[i].TotalMilliseconds, ceiling / 2, ceiling);
        }

        Assert.Equal(12, backoff.Attempt);
    }

    [Fact]
    public void Reset_AfterFailures_StartsAgainFromTheInitialDelay()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));
        for (var i = 0; i < 8; i++)
            backoff.Next();

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalMilliseconds, 100, 200);
        Assert.Equal(1, backoff.Attempt);
    }
}

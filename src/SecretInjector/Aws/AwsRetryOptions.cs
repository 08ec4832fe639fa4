namespace SecretInjector.Aws;

/// <summary>How AWS calls are retried. The whole fetch is bounded separately by its deadline.</summary>
/// <param name="MaxRetries">Retries after the first attempt.</param>
/// <param name="BaseDelay">First backoff; it doubles each retry, with jitter.</param>
/// <param name="MaxDelay">Ceiling of one backoff.</param>
/// <param name="AttemptTimeout">Time one attempt may take before it is abandoned and retried.</param>
public sealed record AwsRetryOptions(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan AttemptTimeout)
{
    /// <summary>8 retries from 200 ms up to 5 s each, 10 s per attempt.</summary>
    public static AwsRetryOptions Default { get; } =
        new(8, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
}

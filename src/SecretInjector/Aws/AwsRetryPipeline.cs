using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SecretInjector.Aws;

/// <summary>
/// The retry pipeline around each AWS call: jittered exponential backoff on throttling, server errors, dropped
/// connections and slow attempts. It sits outside the signing handler, so every attempt is a new request,
/// signed afresh with a current date.
/// </summary>
public static class AwsRetryPipeline
{
    /// <param name="options">Attempts and delays.</param>
    /// <param name="onRetry">Told of each retry (attempt number, error code, delay), for logs.</param>
    public static ResiliencePipeline Create(AwsRetryOptions options, Action<int, string, TimeSpan>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            OnRetry = args =>
            {
                onRetry?.Invoke(args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        };

        return new ResiliencePipelineBuilder()
            .AddRetry(retry)
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>Whether an attempt's outcome is worth another attempt.</summary>
    public static bool ShouldRetry(Outcome<object> outcome) => outcome switch
    {
        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => true,
        { Result: IAwsOutcome { IsRetryableFailure: true } } => true,
        _ => false,
    };

    private static string Describe(Outcome<object> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => AwsError.Timeout,
        { Exception: { } } => AwsError.ConnectionFailed,
        { Result: IAwsOutcome { FailureCode: { } code } } => code,
        _ => "unknown",
    };
}

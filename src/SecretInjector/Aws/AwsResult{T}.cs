namespace SecretInjector.Aws;

/// <summary>The outcome of one AWS call: a value or an error, never both. Errors are values, not exceptions.</summary>
/// <typeparam name="T">The response type.</typeparam>
public sealed record AwsResult<T> : IAwsOutcome
    where T : class
{
    internal AwsResult(T? value, AwsError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public AwsError? Error { get; }

    public string? FailureCode => Error?.Code;

    public bool IsRetryableFailure => Error?.IsRetryable == true;
}

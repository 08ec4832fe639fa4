namespace SecretInjector.Aws;

/// <summary>Builds <see cref="AwsResult{T}"/> values.</summary>
public static class AwsResult
{
    public static AwsResult<T> Success<T>(T value)
        where T : class => new(value, null);

    public static AwsResult<T> Failure<T>(AwsError error)
        where T : class => new(null, error);
}

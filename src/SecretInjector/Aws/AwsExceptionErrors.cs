using Amazon.Runtime;

namespace SecretInjector.Aws;

/// <summary>
/// Turns the SDK's credential exceptions into <see cref="AwsError"/>. The chain wraps STS's answer (e.g.
/// <c>InvalidIdentityToken</c>) in a generic "Error calling AssumeRole" exception, so the innermost service error
/// gives the code and both messages are kept.
/// </summary>
public static class AwsExceptionErrors
{
    public static AwsError From(AmazonClientException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is AmazonServiceException { ErrorCode.Length: > 0 } service)
            {
                var message = ReferenceEquals(current, exception) ? service.Message : $"{exception.Message}: {service.Message}";
                return new AwsError(service.ErrorCode, message, (int)service.StatusCode);
            }
        }

        return new AwsError(AwsError.CredentialsUnavailable, exception.Message, null);
    }
}

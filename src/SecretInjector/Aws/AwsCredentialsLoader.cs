using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Polly;

namespace SecretInjector.Aws;

/// <summary>
/// Finds credentials with AWSSDK.Core's default chain: environment keys, profiles, IRSA web identity (exchanged
/// with STS, which honours <c>AWS_ENDPOINT_URL_STS</c>), EKS Pod Identity and ECS container credentials, then
/// instance metadata.
/// </summary>
public static class AwsCredentialsLoader
{
    /// <summary>
    /// The resolved credentials, already fetched once so that a missing or refused identity is reported before any
    /// secret is asked for; or the error that stopped it.
    /// </summary>
    /// <remarks>Errors that pass (throttling, STS failing to reach the OIDC provider) are retried by <paramref name="pipeline"/>.</remarks>
    public static async Task<(AWSCredentials? Credentials, AwsError? Error)> LoadAsync(
        ResiliencePipeline pipeline,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        StsClientRegistration.EnsureRegistered();
        var outcome = await pipeline.ExecuteAsync(
            async token => new CredentialsOutcome(await LoadOnceAsync(token).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        return outcome.Result;
    }

    private static async Task<(AWSCredentials? Credentials, AwsError? Error)> LoadOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync()
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
            await credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return (credentials, null);
        }
        catch (AmazonClientException ex)
        {
            return (null, AwsExceptionErrors.From(ex));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (null, new AwsError(AwsError.ConnectionFailed, ex.Message, null));
        }
        catch (InvalidOperationException ex) when (Environment.GetEnvironmentVariable(AwsEnvironment.WebIdentityTokenFile) is { Length: > 0 } file)
        {
            // The web identity provider throws this, not an AmazonClientException, when it cannot read the token file.
            var reason = ex.InnerException?.Message ?? ex.Message;
            return (null, new AwsError(AwsError.CredentialsUnavailable, $"{AwsEnvironment.WebIdentityTokenFile} {file} cannot be read: {reason}", null));
        }
    }

    private sealed record CredentialsOutcome((AWSCredentials? Credentials, AwsError? Error) Result) : IAwsOutcome
    {
        public string? FailureCode => Result.Error?.Code;

        public bool IsRetryableFailure => Result.Error?.IsRetryable == true;
    }
}

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
        AwsError? last = null;
        try
        {
            var outcome = await pipeline.ExecuteAsync(
                async token =>
                {
                    var result = await LoadOnceAsync(token).ConfigureAwait(false);
                    last = result.Error ?? last;
                    return new CredentialsOutcome(result);
                },
                cancellationToken).ConfigureAwait(false);
            return outcome.Result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && last is not null)
        {
            // The deadline passed while retrying: report what kept failing, which says more than "timeout".
            var message = $"the timeout passed while retrying after {last.Code}: {last.Message}";
            return (null, new AwsError(AwsError.Timeout, message, last.Status));
        }
    }

    private static async Task<(AWSCredentials? Credentials, AwsError? Error)> LoadOnceAsync(CancellationToken cancellationToken)
    {
        if (MissingPodIdentityToken() is { } missing)
            return (null, missing);
        try
        {
            var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync()
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
            await credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return (credentials, null);
        }
        catch (InvalidOperationException ex) when (Environment.GetEnvironmentVariable(AwsEnvironment.WebIdentityTokenFile) is { Length: > 0 } file)
        {
            // The web identity provider throws this, not an AmazonClientException, when it cannot read the token file.
            var reason = ex.InnerException?.Message ?? ex.Message;
            return (null, new AwsError(AwsError.CredentialsUnavailable, $"{AwsEnvironment.WebIdentityTokenFile} {file} cannot be read: {reason}", null));
        }
        catch (Exception ex) when (AwsExceptionErrors.FromCredentialFailure(ex) is { } error)
        {
            // Refused or unreachable STS or Pod Identity agent, or an answer that is not credentials; 5xx, 429 and
            // refused connections are retried by the pipeline.
            return (null, error);
        }
    }

    /// <summary>
    /// EKS Pod Identity's token file named but absent. The SDK would retry the credentials endpoint until the
    /// timeout and end on a bare Timeout; the kubelet mounts the file before any container starts, so its absence
    /// is a wiring mistake to name at once. Only when the chain would use container credentials: static keys and
    /// IRSA come first in it.
    /// </summary>
    private static AwsError? MissingPodIdentityToken()
    {
        if (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 }
            || Environment.GetEnvironmentVariable(AwsEnvironment.WebIdentityTokenFile) is { Length: > 0 }
            || Environment.GetEnvironmentVariable(AwsEnvironment.ContainerCredentialsFullUri) is not { Length: > 0 }
            || Environment.GetEnvironmentVariable(AwsEnvironment.ContainerAuthorizationTokenFile) is not { Length: > 0 } file
            || File.Exists(file))
        {
            return null;
        }

        return new AwsError(
            AwsError.CredentialsUnavailable,
            $"{AwsEnvironment.ContainerAuthorizationTokenFile} {file} does not exist; the EKS Pod Identity token volume is not mounted in this container",
            null);
    }

    private sealed record CredentialsOutcome((AWSCredentials? Credentials, AwsError? Error) Result) : IAwsOutcome
    {
        public string? FailureCode => Result.Error?.Code;

        public bool IsRetryableFailure => Result.Error?.IsRetryable == true;
    }
}

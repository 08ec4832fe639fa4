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

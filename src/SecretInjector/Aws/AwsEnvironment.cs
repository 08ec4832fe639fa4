namespace SecretInjector.Aws;

/// <summary>The AWS environment variables the agent reads itself (the credential chain reads its own).</summary>
public static class AwsEnvironment
{
    public const string Region = "AWS_REGION";
    public const string DefaultRegion = "AWS_DEFAULT_REGION";
    public const string EndpointUrl = "AWS_ENDPOINT_URL";
    public const string SecretsManagerEndpointUrl = "AWS_ENDPOINT_URL_SECRETS_MANAGER";
    public const string StsEndpointUrl = "AWS_ENDPOINT_URL_STS";

    /// <summary>
    /// The region to call for <paramref name="secretId"/>: the one in its ARN, else <c>AWS_REGION</c>, else
    /// <c>AWS_DEFAULT_REGION</c>; null when none is known.
    /// </summary>
    public static string? RegionFor(string secretId, Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return SecretArn.Region(secretId) ?? NonEmpty(env(Region)) ?? NonEmpty(env(DefaultRegion));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

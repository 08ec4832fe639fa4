using System.Text.RegularExpressions;

namespace SecretInjector.Aws;

/// <summary>The AWS environment variables the agent reads itself (the credential chain reads its own).</summary>
public static partial class AwsEnvironment
{
    public const string Region = "AWS_REGION";
    public const string DefaultRegion = "AWS_DEFAULT_REGION";
    public const string EndpointUrl = "AWS_ENDPOINT_URL";
    public const string SecretsManagerEndpointUrl = "AWS_ENDPOINT_URL_SECRETS_MANAGER";
    public const string StsEndpointUrl = "AWS_ENDPOINT_URL_STS";
    public const string WebIdentityTokenFile = "AWS_WEB_IDENTITY_TOKEN_FILE";
    public const string ContainerCredentialsFullUri = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public const string ContainerAuthorizationTokenFile = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

    /// <summary>
    /// The region to call for <paramref name="secretId"/>: the one in its ARN, else <c>AWS_REGION</c>, else
    /// <c>AWS_DEFAULT_REGION</c>; null when none is known.
    /// </summary>
    public static string? RegionFor(string secretId, Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return SecretArn.Region(secretId) ?? NonEmpty(env(Region)) ?? NonEmpty(env(DefaultRegion));
    }

    /// <summary>
    /// What is wrong with the variables that will be used: the region (<c>AWS_REGION</c>, else
    /// <c>AWS_DEFAULT_REGION</c>) and the endpoint of Secrets Manager and of STS (the service's own variable, else
    /// <c>AWS_ENDPOINT_URL</c>). One message per variable, naming it; none when all are usable.
    /// </summary>
    public static IEnumerable<string> Problems(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (InEffect(env, Region, DefaultRegion) is { } region && !IsRegion(region.Value))
            yield return $"{region.Name} '{region.Value}' is not a region name such as us-east-1";

        var endpoints = new[] { InEffect(env, SecretsManagerEndpointUrl, EndpointUrl), InEffect(env, StsEndpointUrl, EndpointUrl) };
        foreach (var endpoint in endpoints.OfType<(string Name, string Value)>().Distinct())
        {
            if (!IsEndpoint(endpoint.Value))
                yield return $"{endpoint.Name} '{endpoint.Value}' is not an http:// or https:// URL";
        }
    }

    /// <summary>A region name as AWS spells them (<c>us-east-1</c>, <c>cn-north-1</c>): lower-case DNS label characters.</summary>
    public static bool IsRegion(string region) => RegionPattern().IsMatch(region);

    /// <summary>The value with surrounding blanks removed, or null when there is none.</summary>
    internal static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static (string Name, string Value)? InEffect(Func<string, string?> env, string first, string second) =>
        NonEmpty(env(first)) is { } a ? (first, a)
        : NonEmpty(env(second)) is { } b ? (second, b)
        : null;

    private static bool IsEndpoint(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}

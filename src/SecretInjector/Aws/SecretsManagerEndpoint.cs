namespace SecretInjector.Aws;

/// <summary>Where Secrets Manager calls go: an override for emulators, else the regional AWS endpoint.</summary>
public static class SecretsManagerEndpoint
{
    /// <summary>
    /// <c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c>, then <c>AWS_ENDPOINT_URL</c> (so LocalStack and other emulators
    /// work), else <c>https://secretsmanager.REGION.DNS-SUFFIX/</c> for the region's partition.
    /// </summary>
    public static Uri Resolve(string region, Func<string, string?> env)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(env);
        var overridden = AwsEnvironment.NonEmpty(env(AwsEnvironment.SecretsManagerEndpointUrl))
            ?? AwsEnvironment.NonEmpty(env(AwsEnvironment.EndpointUrl));
        if (overridden is not null)
            return new Uri(overridden, UriKind.Absolute);

        return new Uri($"https://secretsmanager.{region}.{DnsSuffix(region)}/");
    }

    /// <summary>The DNS suffix of the partition a region belongs to.</summary>
    public static string DnsSuffix(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.StartsWith("cn-", StringComparison.Ordinal))
            return "amazonaws.com.cn";
        if (region.StartsWith("us-isob-", StringComparison.Ordinal))
            return "sc2s.sgov.gov";
        if (region.StartsWith("us-iso-", StringComparison.Ordinal))
            return "c2s.ic.gov";
        if (region.StartsWith("eusc-", StringComparison.Ordinal))
            return "amazonaws.eu";
        return "amazonaws.com";
    }
}

namespace SecretInjector.Policy;

/// <summary>
/// Matches a requested secret against an <c>allowedSecrets</c> pattern.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>An ARN pattern matches an ARN request as a whole string (and, for Secrets Manager ARNs, with either
/// side's six-character suffix dropped, so <c>…:secret:payments/db</c> covers <c>…:secret:payments/db-AbCdEf</c>).</item>
/// <item>A name pattern matches a name request exactly (with its wildcards): names carry no suffix.</item>
/// <item>A name pattern matches a name request, and an ARN request in the role's own partition and account (where
/// a bare name would resolve), by the ARN's name.</item>
/// <item>An ARN pattern matches a name request when its account matches the role's account and its region is
/// <c>*</c> or the pod's region, by name.</item>
/// </list>
/// Secret names compare with case, as Secrets Manager does.
/// </remarks>
public static class SecretMatcher
{
    public static bool Matches(string pattern, SecretReference secret, RoleArn role, string? region)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(role);
        var isArnPattern = pattern.StartsWith("arn:", StringComparison.Ordinal);

        var patternMayHaveSuffix = SecretReference.IsSecretsManagerArn(pattern);
        if (isArnPattern && secret.IsArn)
            return AnyMatch(pattern, patternMayHaveSuffix, secret.Text, secret.MayHaveSuffix);

        // A name is looked up as written: payments/db-prod01 is another secret than payments/db, never its suffix.
        if (!isArnPattern && !secret.IsArn)
            return GlobPattern.For(pattern).IsMatch(secret.Name);
        if (!isArnPattern)
            return secret.Partition == role.Partition && secret.Account == role.Account && AnyMatch(pattern, false, secret.Name, secret.MayHaveSuffix);
        return ArnPatternMatchesName(pattern, secret, role, region);
    }

    private static bool ArnPatternMatchesName(string pattern, SecretReference secret, RoleArn role, string? region)
    {
        var parts = pattern.Split(':', 7);
        if (parts.Length != 7 || parts[5] != "secret")
            return false;
        var (partition, patternRegion, account, name) = (parts[1], parts[3], parts[4], parts[6]);
        var regionOk = patternRegion == "*" || (region is not null && GlobPattern.For(patternRegion).IsMatch(region));
        return regionOk
            && GlobPattern.For(partition).IsMatch(role.Partition)
            && GlobPattern.For(account).IsMatch(role.Account)
            && AnyMatch(name, true, secret.Name, false);
    }

    /// <summary>
    /// The pattern against the value, the pattern against the value without its suffix (a full ARN under a partial
    /// pattern), or the pattern without its suffix against the value (a partial ARN under a full pattern); never both
    /// stripped, since two full ARNs with different suffixes are two different secrets.
    /// </summary>
    private static bool AnyMatch(string pattern, bool patternMayHaveSuffix, string value, bool valueMayHaveSuffix) =>
        GlobPattern.For(pattern).IsMatch(value)
        || (valueMayHaveSuffix && SecretReference.Readings(value).Skip(1).Any(GlobPattern.For(pattern).IsMatch))
        || (patternMayHaveSuffix && SecretReference.Readings(pattern).Skip(1).Any(p => GlobPattern.For(p).IsMatch(value)));
}

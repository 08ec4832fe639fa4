namespace SecretInjector.Aws;

/// <summary>Reads the parts of a Secrets Manager ARN the agent needs.</summary>
public static class SecretArn
{
    /// <summary>
    /// The region of <c>arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME</c>, or null when
    /// <paramref name="secretId"/> is a name or partial ARN without one.
    /// </summary>
    public static string? Region(string secretId)
    {
        ArgumentNullException.ThrowIfNull(secretId);
        if (!secretId.StartsWith("arn:", StringComparison.Ordinal))
            return null;

        var parts = secretId.Split(':', 7);
        if (parts.Length < 7 || parts[2] != "secretsmanager" || parts[5] != "secret")
            return null;
        return parts[3].Length == 0 ? null : parts[3];
    }
}

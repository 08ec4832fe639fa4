using System.Text.RegularExpressions;

namespace SecretInjector.Injection;

/// <summary>What Secrets Manager accepts as a <c>SecretId</c>: a name, a partial ARN or a full ARN.</summary>
public static partial class SecretIds
{
    /// <summary>Why <paramref name="id"/> cannot be a secret id, or null when it can.</summary>
    public static string? Problem(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0)
            return "the secret id is empty";
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            return ArnPattern().IsMatch(id)
                ? null
                : $"'{id}' is not a Secrets Manager ARN (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME)";
        }

        return NamePattern().IsMatch(id)
            ? null
            : $"'{id}' is not a secret name (1 to 512 letters, digits and /_+=.@-)";
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}\z")]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"^[A-Za-z0-9/_+=.@-]{1,512}\z")]
    private static partial Regex NamePattern();
}

using System.Text.RegularExpressions;

namespace SecretInjector.Policy;

/// <summary>An IAM role ARN, split into the parts a bare secret name resolves against.</summary>
public sealed partial record RoleArn(string Text, string Partition, string Account)
{
    /// <summary>The parsed ARN, or null when <paramref name="text"/> is not an IAM role ARN.</summary>
    public static RoleArn? TryParse(string? text)
    {
        if (text is null)
            return null;
        var match = Pattern().Match(text);
        return match.Success ? new RoleArn(text, match.Groups["partition"].Value, match.Groups["account"].Value) : null;
    }

    [GeneratedRegex(@"^arn:(?<partition>aws[a-z-]*):iam::(?<account>[0-9]{12}):role/[A-Za-z0-9_+=,.@/-]+\z")]
    private static partial Regex Pattern();
}

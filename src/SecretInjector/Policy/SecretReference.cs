using System.Text.RegularExpressions;

namespace SecretInjector.Policy;

/// <summary>
/// A secret id as a pod asks for it: a name, or a partial or full ARN. A full ARN's name ends in the six random
/// characters Secrets Manager appends (<c>-AbCdEf</c>); since a partial ARN cannot be told from a full one by
/// its text, both readings are kept. SSM parameter ARNs (listed by SecretProviderClasses) parse the same way.
/// </summary>
public sealed partial record SecretReference(string Text, string? Partition, string? Region, string? Account, string Name)
{
    public bool IsArn => Account is not null;

    public static SecretReference Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var match = ArnPattern().Match(id);
        return match.Success
            ? new SecretReference(id, match.Groups["partition"].Value, match.Groups["region"].Value, match.Groups["account"].Value, match.Groups["name"].Value)
            : new SecretReference(id, null, null, null, id);
    }

    /// <summary>The text with and without a trailing six-character suffix.</summary>
    public static IEnumerable<string> Readings(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        yield return text;
        if (SuffixPattern().IsMatch(text))
            yield return text[..^7];
    }

    [GeneratedRegex(@"^arn:(?<partition>aws[a-z-]*):(secretsmanager|ssm):(?<region>[a-z0-9-]+):(?<account>\d{12}):(secret:|parameter/)(?<name>.+)$")]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"-[A-Za-z0-9]{6}$")]
    private static partial Regex SuffixPattern();
}

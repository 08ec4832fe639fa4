using System.Text.RegularExpressions;

namespace SecretInjector.Policy;

/// <summary>
/// A secret id as a pod asks for it: a name, or a partial or full ARN. A full Secrets Manager ARN's name ends in
/// the six random characters Secrets Manager appends (<c>-AbCdEf</c>); since a partial ARN cannot be told from a
/// full one by its text, both readings are kept. Names carry no suffix, and neither do SSM parameter ARNs (which
/// SecretProviderClasses list and which parse the same way).
/// </summary>
public sealed partial record SecretReference(string Text, string? Partition, string? Region, string? Account, string Name)
{
    public bool IsArn => Account is not null;

    /// <summary>True for a Secrets Manager ARN, the only id that may end in AWS's six-character suffix.</summary>
    public bool MayHaveSuffix { get; private init; }

    public static SecretReference Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var match = ArnPattern().Match(id);
        if (!match.Success)
            return new SecretReference(id, null, null, null, id);
        return new SecretReference(id, match.Groups["partition"].Value, match.Groups["region"].Value, match.Groups["account"].Value, match.Groups["name"].Value)
        {
            MayHaveSuffix = match.Groups["service"].Value == "secretsmanager",
        };
    }

    /// <summary>True when <paramref name="text"/> is a Secrets Manager ARN or ARN pattern, whose name may end in a suffix.</summary>
    public static bool IsSecretsManagerArn(string text) =>
        text.StartsWith("arn:", StringComparison.Ordinal) && text.Split(':', 4) is [_, _, "secretsmanager" or "*", _];

    /// <summary>The text with and without a trailing six-character suffix.</summary>
    public static IEnumerable<string> Readings(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        yield return text;
        if (SuffixPattern().IsMatch(text))
            yield return text[..^7];
    }

    [GeneratedRegex(@"^arn:(?<partition>aws[a-z-]*):(?<service>secretsmanager|ssm):(?<region>[a-z0-9-]+):(?<account>[0-9]{12}):(secret:|parameter/)(?<name>.+)\z")]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"-[A-Za-z0-9]{6}\z")]
    private static partial Regex SuffixPattern();
}

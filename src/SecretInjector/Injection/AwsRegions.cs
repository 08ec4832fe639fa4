using System.Text.RegularExpressions;

namespace SecretInjector.Injection;

/// <summary>The shape of an AWS region name, such as <c>us-east-1</c> or <c>us-gov-west-1</c>.</summary>
public static partial class AwsRegions
{
    public static bool IsValid(string region) => RegionPattern().IsMatch(region);

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+\\z")]
    private static partial Regex RegionPattern();
}

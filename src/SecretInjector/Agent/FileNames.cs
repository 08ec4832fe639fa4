using System.Text.RegularExpressions;

namespace SecretInjector.Agent;

/// <summary>File names the agent accepts: DNS-1123 labels, so a name can never leave the output directory.</summary>
public static partial class FileNames
{
    public static bool IsValid(string? name) => name is { Length: > 0 and <= 63 } && Label().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}

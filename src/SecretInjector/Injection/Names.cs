using System.Text.RegularExpressions;

namespace SecretInjector.Injection;

/// <summary>Kubernetes' name rules (DNS-1123 labels and subdomains).</summary>
internal static partial class Names
{
    public static bool IsDnsLabel(string? name) =>
        name is { Length: > 0 and <= 63 } && DnsLabelPattern().IsMatch(name);

    public static bool IsDnsSubdomain(string? name) =>
        name is { Length: > 0 and <= 253 } && name.Split('.').All(IsDnsLabel);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex DnsLabelPattern();
}

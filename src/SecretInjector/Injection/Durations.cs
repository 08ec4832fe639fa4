using System.Globalization;
using System.Text.RegularExpressions;

namespace SecretInjector.Injection;

/// <summary>Go-style durations as Kubernetes users write them: <c>30s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
internal static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null || !DurationPattern().IsMatch(text))
            return false;
        foreach (Match part in PartPattern().Matches(text))
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }

        return true;
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?(h|ms|m|s))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s)")]
    private static partial Regex PartPattern();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace SecretInjector.Injection;

/// <summary>Go-style durations as Kubernetes users write them: <c>30s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
internal static partial class Durations
{
    /// <summary>
    /// Parses <paramref name="text"/>; false when it is not a duration, or is one too long for a
    /// <see cref="TimeSpan"/> (such as <c>99999999999999h</c>), so callers answer both with their own message.
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null || !DurationPattern().IsMatch(text))
            return false;
        var seconds = 0.0;
        foreach (Match part in PartPattern().Matches(text))
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            seconds += amount * part.Groups[2].Value switch
            {
                "h" => 3600,
                "m" => 60,
                "ms" => 0.001,
                _ => 1,
            };
        }

        if (!(seconds < TimeSpan.MaxValue.TotalSeconds - 1))
            return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(h|ms|m|s))+\z")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(h|ms|m|s)")]
    private static partial Regex PartPattern();
}

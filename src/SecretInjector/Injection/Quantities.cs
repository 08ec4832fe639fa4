using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace SecretInjector.Injection;

/// <summary>The syntax of Kubernetes resource quantities (<c>500m</c>, <c>64Mi</c>, <c>1.5</c>, <c>1e3</c>).</summary>
internal static partial class Quantities
{
    /// <summary>Largest decimal exponent compared exactly; beyond it a quantity is out of any useful range.</summary>
    private const int MaxExponent = 1000;

    public static bool IsValid(string? quantity) =>
        quantity is not null && QuantityPattern().IsMatch(quantity);

    /// <summary>
    /// The value of <paramref name="quantity"/> in nano-units (<c>1</c> is 10^9), rounded up to a whole nano-unit as
    /// the API server rounds it; false when it is not a quantity or its exponent is beyond ±1000.
    /// </summary>
    public static bool TryParseNanos(string? quantity, out BigInteger nanos)
    {
        nanos = BigInteger.Zero;
        if (quantity is null || QuantityPattern().Match(quantity) is not { Success: true } match)
            return false;
        var number = match.Groups["number"].Value;
        var negative = quantity.StartsWith('-');
        var dot = number.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? number : number.Remove(dot, 1);
        var decimalExponent = 9 - (dot < 0 ? 0 : number.Length - dot - 1);
        var binaryExponent = 0;
        var suffix = match.Groups["suffix"].Value;
        switch (suffix)
        {
            case "":
                break;
            case [_, 'i']:
                binaryExponent = 10 * ("KMGTPE".IndexOf(suffix[0], StringComparison.Ordinal) + 1);
                break;
            case ['e' or 'E', _, ..]:
                if (!int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) || Math.Abs(e) > MaxExponent)
                    return false;
                decimalExponent += e;
                break;
            default:
                decimalExponent += suffix switch
                {
                    "n" => -9,
                    "u" => -6,
                    "m" => -3,
                    "k" => 3,
                    "M" => 6,
                    "G" => 9,
                    "T" => 12,
                    "P" => 15,
                    _ => 18,
                };
                break;
        }

        var numerator = BigInteger.Parse(digits.Length == 0 ? "0" : digits, NumberStyles.None, CultureInfo.InvariantCulture) << binaryExponent;
        if (decimalExponent >= 0)
        {
            nanos = numerator * BigInteger.Pow(10, decimalExponent);
        }
        else
        {
            var denominator = BigInteger.Pow(10, -decimalExponent);
            nanos = BigInteger.DivRem(numerator, denominator, out var remainder) + (remainder.IsZero ? 0 : 1);
        }

        if (negative)
            nanos = -nanos;
        return true;
    }

    [GeneratedRegex(@"^[+-]?(?<number>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?<suffix>[eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?\z")]
    private static partial Regex QuantityPattern();
}

using System.Text.RegularExpressions;

namespace SecretInjector.Injection;

/// <summary>The syntax of Kubernetes resource quantities (<c>500m</c>, <c>64Mi</c>, <c>1.5</c>, <c>1e3</c>).</summary>
internal static partial class Quantities
{
    public static bool IsValid(string? quantity) =>
        quantity is not null && QuantityPattern().IsMatch(quantity);

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?\z")]
    private static partial Regex QuantityPattern();
}

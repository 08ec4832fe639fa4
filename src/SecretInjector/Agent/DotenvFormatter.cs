using System.Text;
using System.Text.Json;

namespace SecretInjector.Agent;

/// <summary>
/// Writes a JSON object's top-level keys as <c>KEY='value'</c> lines that a POSIX shell can <c>source</c>:
/// single quotes keep everything literal (newlines, <c>$</c>, <c>"</c>), and a quote inside is written <c>'\''</c>.
/// </summary>
public static class DotenvFormatter
{
    public static RenderResult Format(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return RenderResult.Fail(FailureAdvice.NotAnObject, $"the env format needs a JSON object, and the value is a JSON {element.ValueKind.ToString().ToLowerInvariant()}");

        var text = new StringBuilder();
        foreach (var property in element.EnumerateObject())
        {
            if (!IsShellName(property.Name))
                return RenderResult.Fail(FailureAdvice.InvalidEnvKey, $"key '{property.Name}' is not a shell variable name");
            text.Append(property.Name).Append('=').Append(Quote(Value(property.Value))).Append('\n');
        }

        return RenderResult.Ok(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary><c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    public static bool IsShellName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            return false;
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }

    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => Encoding.UTF8.GetString(ValueRenderer.Compact(value)),
    };
}

using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace SecretInjector.Policy;

/// <summary>A pattern where <c>*</c> stands for any run of characters (including none, <c>/</c> and <c>:</c>), as in IAM.</summary>
public sealed class GlobPattern
{
    private static readonly ConcurrentDictionary<(string, bool), GlobPattern> Compiled = new();

    private readonly Regex _regex;

    public GlobPattern(string pattern, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Text = pattern;
        var body = string.Join(".*", pattern.Split('*').Select(Regex.Escape));
        // Non-backtracking: a pattern such as a*a*a*b costs linear time on any input.
        var options = RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking
            | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        _regex = new Regex("^" + body + "\\z", options);
    }

    public string Text { get; }

    /// <summary>The compiled pattern, built once per text: policy patterns are matched on every admission.</summary>
    public static GlobPattern For(string pattern, bool ignoreCase = false) =>
        Compiled.GetOrAdd((pattern, ignoreCase), key => new GlobPattern(key.Item1, key.Item2));

    public bool IsMatch(string value) => _regex.IsMatch(value);

    public override string ToString() => Text;
}

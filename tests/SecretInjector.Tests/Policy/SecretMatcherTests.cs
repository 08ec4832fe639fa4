using System.Text;
using CsCheck;
using SecretInjector.Policy;

namespace SecretInjector.Tests.Policy;

public sealed class SecretMatcherTests
{
    private const string Arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:";
    private static readonly RoleArn Role = RoleArn.TryParse("arn:aws:iam::111122223333:role/payments-api")!;

    private static readonly Gen<string> NameSegment = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_+=.@-"], 1, 20];
    private static readonly Gen<string> SecretName = Gen.Select(NameSegment, NameSegment, (a, b) => $"{a}/{b}");
    private static readonly Gen<string> Suffix = Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"], 6, 6];
    private static readonly Gen<char> NameChar = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_+=.@-/"];

    /// <summary>A name, and a pattern made of it by replacing one to four substrings (anywhere, empty or not) with <c>*</c>.</summary>
    private static readonly Gen<Wildcarding> Wildcarded =
        SecretName.SelectMany(name => Gen.Int[0, name.Length].Array[2, 8].Select(cuts => Wildcarding.Of(name, cuts)));

    private static readonly Gen<string> Region = Gen.Select(
        Gen.OneOf("us", "us-gov", "eu", "ap", "ca", "sa", "me", "af", "il"),
        Gen.OneOf("east", "west", "north", "south", "central", "southeast", "northeast"),
        Gen.Int[1, 9],
        (area, direction, number) => $"{area}-{direction}-{number}");

    private static readonly Gen<string> OtherAccount = Gen.Long[100000000000, 999999999999].Where(a => a != 111122223333).Select(a => $"{a}");

    [Theory]
    [InlineData("payments/*", "payments/db", true)]
    [InlineData("payments/*", "payments/team/db", true)]
    [InlineData("payments/*", "treasury/db", false)]
    [InlineData("payments/*", "Payments/db", false)]
    [InlineData("payments/db", "payments/db", true)]
    [InlineData("payments/db", "payments/db2", false)]
    [InlineData("payments/db", "payments/db-secret", false)]
    [InlineData("payments/db", "payments/db-prod01", false)]
    [InlineData(Arn + "payments/db", "payments/db-prod01", false)]
    [InlineData("arn:aws:ssm:us-east-1:111122223333:parameter/payments/db", "arn:aws:ssm:us-east-1:111122223333:parameter/payments/db-prod01", false)]
    [InlineData("payments/db", "arn:aws:ssm:us-east-1:111122223333:parameter/payments/db-prod01", false)]
    [InlineData("payments/db", Arn + "payments/db-prod01", true)]
    [InlineData("payments/*", Arn + "payments/db-AbCdEf", true)]
    [InlineData("payments/*", "arn:aws:secretsmanager:us-east-1:999999999999:secret:payments/db-AbCdEf", false)]
    [InlineData("payments/*", "arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:payments/db", false)]
    [InlineData(Arn + "payments/*", Arn + "payments/api-config-AbCdEf", true)]
    [InlineData(Arn + "payments/db", Arn + "payments/db-AbCdEf", true)]
    [InlineData(Arn + "payments/db-AbCdEf", Arn + "payments/db", true)]
    [InlineData(Arn + "payments/db-AbCdEf", Arn + "payments/db-XyZxYz", false)]
    [InlineData(Arn + "payments/*", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db", false)]
    [InlineData("arn:aws:secretsmanager:*:111122223333:secret:payments/*", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db", true)]
    [InlineData("arn:aws:secretsmanager:*:111122223333:secret:payments/*", "payments/db", true)]
    [InlineData("arn:aws:secretsmanager:*:999999999999:secret:payments/*", "payments/db", false)]
    [InlineData(Arn + "payments/*", "payments/db", false)]
    [InlineData("*", "anything/at-all", true)]
    public void Matches_Table(string pattern, string secret, bool expected)
    {
        Assert.Equal(expected, SecretMatcher.Matches(pattern, SecretReference.Parse(secret), Role, null));
    }

    [Fact]
    public void Matches_ArnPatternWithRegionAndNameRequestInThatRegion_Matches()
    {
        Assert.True(SecretMatcher.Matches(Arn + "payments/*", SecretReference.Parse("payments/db"), Role, "us-east-1"));
        Assert.False(SecretMatcher.Matches(Arn + "payments/*", SecretReference.Parse("payments/db"), Role, "eu-west-1"));
    }

    [Fact]
    public void Matches_AnyNameAgainstItself_AsNamePartialArnAndFullArn()
    {
        Gen.Select(SecretName, Suffix).Sample((name, suffix) =>
            SecretMatcher.Matches(name, SecretReference.Parse(name), Role, null)
            && SecretMatcher.Matches(name, SecretReference.Parse(Arn + name), Role, null)
            && SecretMatcher.Matches(name, SecretReference.Parse($"{Arn}{name}-{suffix}"), Role, null)
            && SecretMatcher.Matches(Arn + name, SecretReference.Parse($"{Arn}{name}-{suffix}"), Role, null));
    }

    [Fact]
    public void Matches_NameWithAnySuffixLikeEnding_IsNotCoveredByTheNameWithout()
    {
        Gen.Select(SecretName, Suffix).Sample((name, suffix) =>
            !SecretMatcher.Matches(name, SecretReference.Parse($"{name}-{suffix}"), Role, null)
            && !SecretMatcher.Matches(Arn + name, SecretReference.Parse($"{name}-{suffix}"), Role, "us-east-1"));
    }

    [Fact]
    public void Matches_PrefixWildcard_MatchesExactlyTheNamesWithThatPrefix()
    {
        Gen.Select(NameSegment, SecretName).Sample((prefix, name) =>
            SecretMatcher.Matches(prefix + "*", SecretReference.Parse(name), Role, null) == name.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Matches_SecretInAnotherAccount_NeverMatchesANamePattern()
    {
        var account = Gen.Long[100000000000, 999999999999].Where(a => a != 111122223333);
        Gen.Select(SecretName, account).Sample((name, other) =>
            !SecretMatcher.Matches(name, SecretReference.Parse($"arn:aws:secretsmanager:us-east-1:{other}:secret:{name}"), Role, null));
    }

    [Fact]
    public void Matches_NamesDifferingOnlyInCase_DoNotMatch()
    {
        SecretName.Where(n => n.Any(char.IsLower)).Sample(name =>
            !SecretMatcher.Matches(name, SecretReference.Parse(name.ToUpperInvariant()), Role, null));
    }

    [Fact]
    public void Matches_NameWithSubstringsReplacedByWildcards_MatchesThatName()
    {
        Gen.Select(Wildcarded, Suffix).Sample((w, suffix) =>
            SecretMatcher.Matches(w.Pattern, SecretReference.Parse(w.Name), Role, null)
            && SecretMatcher.Matches(Arn + w.Pattern, SecretReference.Parse($"{Arn}{w.Name}-{suffix}"), Role, null)
            && SecretMatcher.Matches(Arn + w.Pattern, SecretReference.Parse(w.Name), Role, "us-east-1"));
    }

    [Fact]
    public void Matches_NameWithACharacterChangedWhereThePatternKeepsIt_DoesNotMatch()
    {
        // Only characters no wildcard covers a copy of: "*a*", made of "aab" by covering its "ab", keeps the first a,
        // yet matches "xab" through the second.
        var changed = Wildcarded.Where(w => w.Pinned().Length > 0).SelectMany(w =>
            Gen.Select(Gen.OneOf(w.Pinned()), NameChar, (at, c) => (w, Changed: string.Concat(w.Name.AsSpan(0, at), c.ToString(), w.Name.AsSpan(at + 1)))));

        changed.Where((w, name) => name != w.Name).Sample((w, name) =>
            !SecretMatcher.Matches(w.Pattern, SecretReference.Parse(name), Role, null));
    }

    [Fact]
    public void Matches_FullArnPatternForOneRegion_NeverMatchesTheSecretInAnotherUnlessTheRegionIsAWildcard()
    {
        Gen.Select(Wildcarded, Region, Region, Suffix).Where((_, a, b, _) => a != b).Sample((w, a, b, suffix) =>
        {
            var full = SecretReference.Parse(SecretArn(b, "111122223333", $"{w.Name}-{suffix}"));
            var partial = SecretReference.Parse(SecretArn(b, "111122223333", w.Name));
            var bare = SecretReference.Parse(w.Name);
            return SecretMatcher.Matches(SecretArn(b, "111122223333", w.Pattern), full, Role, null)
                && !SecretMatcher.Matches(SecretArn(a, "111122223333", w.Pattern), full, Role, null)
                && !SecretMatcher.Matches(SecretArn(a, "111122223333", w.Pattern), partial, Role, null)
                && !SecretMatcher.Matches(SecretArn(a, "111122223333", w.Pattern), bare, Role, b)
                && SecretMatcher.Matches(SecretArn("*", "111122223333", w.Pattern), full, Role, null)
                && SecretMatcher.Matches(SecretArn("*", "111122223333", w.Pattern), partial, Role, null)
                && SecretMatcher.Matches(SecretArn("*", "111122223333", w.Pattern), bare, Role, b);
        });
    }

    [Fact]
    public void Matches_FullArnPatternForOneAccount_NeverMatchesTheSecretInAnotherUnlessTheAccountIsAWildcard()
    {
        Gen.Select(Wildcarded, OtherAccount, Suffix).Sample((w, other, suffix) =>
        {
            var elsewhere = SecretReference.Parse(SecretArn("us-east-1", other, $"{w.Name}-{suffix}"));
            var bare = SecretReference.Parse(w.Name);
            return SecretMatcher.Matches(SecretArn("us-east-1", other, w.Pattern), elsewhere, Role, null)
                && !SecretMatcher.Matches(SecretArn("us-east-1", "111122223333", w.Pattern), elsewhere, Role, null)
                && !SecretMatcher.Matches(SecretArn("us-east-1", other, w.Pattern), bare, Role, "us-east-1")
                && SecretMatcher.Matches(SecretArn("us-east-1", "*", w.Pattern), elsewhere, Role, null)
                && SecretMatcher.Matches(SecretArn("us-east-1", "*", w.Pattern), bare, Role, "us-east-1");
        });
    }

    private static string SecretArn(string region, string account, string name) =>
        $"arn:aws:secretsmanager:{region}:{account}:secret:{name}";

    /// <param name="Name">The name the pattern was made of.</param>
    /// <param name="Pattern">The name with some substrings replaced by <c>*</c>.</param>
    /// <param name="Mask">One character per character of the name: <c>*</c> where a wildcard replaced it, <c>.</c> where the pattern keeps it.</param>
    private sealed record Wildcarding(string Name, string Pattern, string Mask)
    {
        /// <summary>Replaces the runs between the 1st and 2nd cut, the 3rd and 4th, and so on (after sorting the cuts).</summary>
        public static Wildcarding Of(string name, int[] cuts)
        {
            var sorted = cuts.Order().ToArray();
            var pattern = new StringBuilder();
            var mask = new StringBuilder();
            var at = 0;
            for (var i = 0; i + 1 < sorted.Length; i += 2)
            {
                pattern.Append(name, at, sorted[i] - at).Append('*');
                mask.Append('.', sorted[i] - at).Append('*', sorted[i + 1] - sorted[i]);
                at = sorted[i + 1];
            }

            pattern.Append(name, at, name.Length - at);
            mask.Append('.', name.Length - at);
            return new Wildcarding(name, pattern.ToString(), mask.ToString());
        }

        /// <summary>
        /// Positions the pattern keeps whose character no wildcard covers a copy of: the pattern's literal text holds
        /// every copy of that character the name has, so a name with one copy fewer cannot match.
        /// </summary>
        public int[] Pinned() =>
            [.. Enumerable.Range(0, Name.Length).Where(i => Mask[i] == '.' && !Enumerable.Range(0, Name.Length).Any(j => Mask[j] == '*' && Name[j] == Name[i]))];
    }
}

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
}

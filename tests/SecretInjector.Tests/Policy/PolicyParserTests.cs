using SecretInjector.Policy;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Policy;

public sealed class PolicyParserTests
{
    [Fact]
    public void Parse_FixturePolicy_ReadsRulesAndAssociations()
    {
        var policy = PolicyParser.Parse(File.ReadAllText(RepoPaths.Fixture("admission", "policy.yaml")), "policy.yaml");

        Assert.Equal(Enforcement.Deny, policy.Enforcement);
        Assert.Equal(["payments", "orders", "reporting"], policy.Rules.Select(r => r.Name));
        Assert.Equal("arn:aws:iam::111122223333:role/payments-checkout-web", policy.AssociatedRole("payments-web", "checkout-web"));
        Assert.Null(policy.AssociatedRole("payments-web", "other"));
    }

    [Fact]
    public void Parse_EmptyLists_MeanNoRules()
    {
        var policy = PolicyParser.Parse("enforcement: audit\nrules: []\n", "p");

        Assert.Equal(Enforcement.Audit, policy.Enforcement);
        Assert.Empty(policy.Rules);
    }

    [Theory]
    [InlineData("enforcement: block\n", "line 1", "'block' is not one of deny, audit")]
    [InlineData("enforcment: deny\n", "line 1", "unknown field 'enforcment'")]
    [InlineData("rules:\n  - name: a\n    namespaces: [x]\n    allowedRoles: ['*']\n    allowedSecret: [x]\n", "line 5", "unknown field 'allowedSecret' in rules[0]")]
    [InlineData("rules:\n  - namespaces: [x]\n    allowedRoles: ['*']\n    allowedSecrets: [x]\n", "rules[0].name", "is required")]
    [InlineData("rules:\n  - name: a\n    namespaces: [x]\n    allowedRoles: ['*']\n    allowedSecrets: []\n", "line 5", "rules[0] (a).allowedSecrets: must be a non-empty list")]
    [InlineData("rules:\n  - name: a\n    namespaces: [x]\n    allowedRoles: [payments-role]\n    allowedSecrets: [x]\n", "line 4", "'payments-role' is not a valid pattern")]
    [InlineData("rules:\n  - name: a\n    namespaces: [Payments]\n    allowedRoles: ['*']\n    allowedSecrets: [x]\n", "line 3", "'Payments' is not a valid pattern")]
    [InlineData("rules: {name: a}\n", "line 1", "rules: must be a list")]
    [InlineData("podIdentityAssociations:\n  - namespace: a\n    serviceAccount: b\n    roleArn: arn:aws:iam::1:role/x\n", "line 4", "is not an IAM role ARN")]
    [InlineData("rules:\n  - name: a\n    namespaces: [x]\n    allowedRoles: ['*']\n    allowedSecrets: [x]\n  - name: a\n    namespaces: [y]\n    allowedRoles: ['*']\n    allowedSecrets: [y]\n", "rules", "the name 'a' is used by 2 rules")]
    [InlineData("podIdentityAssociations:\n  - namespace: a\n    serviceAccount: b\n    roleArn: arn:aws:iam::\u0661\u0661\u0661\u0661\u0662\u0662\u0662\u0662\u0663\u0663\u0663\u0663:role/x\n", "line 4", "is not an IAM role ARN")]
    [InlineData("enforcement: deny\nenforcement: audit\n", "line 2", "")]
    [InlineData("- a\n- b\n", "line 1", "must be a mapping")]
    [InlineData("rules: [\n", "line", "")]
    [InlineData("rules: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "line 1", "nested more than 64 deep")]
    public void Parse_BadPolicy_NamesTheLineAndField(string text, string where, string what)
    {
        var e = Assert.Throws<PolicyException>(() => PolicyParser.Parse(text, "policy.yaml"));

        Assert.StartsWith("policy.yaml: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }
}

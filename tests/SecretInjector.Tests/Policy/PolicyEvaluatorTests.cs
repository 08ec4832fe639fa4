using SecretInjector.Policy;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Policy;

public sealed class PolicyEvaluatorTests
{
    private static readonly PolicyDocument Fixture =
        PolicyParser.Parse(File.ReadAllText(RepoPaths.Fixture("admission", "policy.yaml")), "policy.yaml");

    [Theory]
    [InlineData("payments", "arn:aws:iam::111122223333:role/payments-api", "payments/db-password", true, "allowed")]
    [InlineData("payments-web", "arn:aws:iam::111122223333:role/payments-checkout-web", "payments/checkout-tls", true, "allowed")]
    [InlineData("payments", "arn:aws:iam::111122223333:role/PAYMENTS-API", "payments/db", true, "allowed")]
    [InlineData("payments", "arn:aws:iam::111122223333:role/payments-ledger", "treasury/ledger-signing-key", false, "secret-not-allowed")]
    [InlineData("payments", "arn:aws:iam::111122223333:role/orders-worker", "payments/db", false, "role-not-allowed")]
    [InlineData("marketing", "arn:aws:iam::111122223333:role/payments-api", "payments/db", false, "no-rule")]
    [InlineData("orders", "arn:aws:iam::111122223333:role/orders-worker", "payments/db", false, "secret-not-allowed")]
    [InlineData("payments", "not-an-arn", "payments/db", false, "role-not-allowed")]
    public void Evaluate_FixturePolicy_Table(string ns, string role, string secret, bool allowed, string reason)
    {
        var verdict = PolicyEvaluator.Evaluate(Fixture, ns, "sa", role, null, [secret]);

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void Evaluate_Denial_NamesNamespaceServiceAccountRoleAndFirstSecretRefused()
    {
        var verdict = PolicyEvaluator.Evaluate(Fixture, "payments", "ledger", "arn:aws:iam::111122223333:role/payments-ledger", null,
            ["payments/ok", "treasury/ledger-signing-key", "treasury/second"]);

        Assert.Equal("namespace payments, service account ledger, role arn:aws:iam::111122223333:role/payments-ledger: secret treasury/ledger-signing-key is not allowed by rule payments", verdict.Message);
    }

    [Fact]
    public void Evaluate_TwoRulesCoverTheNamespace_SecretsFromEitherAreAllowed()
    {
        var policy = PolicyParser.Parse("""
            rules:
              - name: shared
                namespaces: ["*"]
                allowedRoles: ["*"]
                allowedSecrets: ["shared/*"]
              - name: team
                namespaces: [payments]
                allowedRoles: ["arn:aws:iam::111122223333:role/payments-*"]
                allowedSecrets: ["payments/*"]
            """, "p");

        var verdict = PolicyEvaluator.Evaluate(policy, "payments", "api", "arn:aws:iam::111122223333:role/payments-api", null, ["shared/tls", "payments/db"]);

        Assert.True(verdict.Allowed, verdict.Message);
    }
}

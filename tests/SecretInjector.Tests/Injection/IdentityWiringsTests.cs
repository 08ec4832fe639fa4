using SecretInjector.Cluster;
using SecretInjector.Configuration;
using SecretInjector.Injection;

namespace SecretInjector.Tests.Injection;

public sealed class IdentityWiringsTests
{
    private const string Role = "arn:aws:iam::111122223333:role/app";

    [Theory]
    [InlineData("3600", 3600)]
    [InlineData("600", 600)]
    [InlineData("599", 600)]
    [InlineData("0", 600)]
    [InlineData("-5", 600)]
    [InlineData("+7200", 7200)]
    [InlineData("4294967295", 4294967295)]
    [InlineData("4294967296", 4294967295)]
    [InlineData("99999999999999999999999", 4294967295)]
    [InlineData("1.5", 86400)]
    [InlineData("1h", 86400)]
    [InlineData(" 3600", 86400)]
    [InlineData("", 86400)]
    public void Irsa_TokenExpirationAnnotation_IsClampedAsTheEksWebhookDoes(string annotation, long expected)
    {
        var serviceAccount = new ServiceAccountObject(
            "team", "app", new Dictionary<string, string>(StringComparer.Ordinal) { ["eks.amazonaws.com/token-expiration"] = annotation });

        var wiring = IdentityWirings.Irsa(Role, serviceAccount, new InjectorOptions());

        var token = Assert.Single(wiring.Volumes)["projected"]!["sources"]![0]!["serviceAccountToken"]!;
        Assert.Equal(expected, token["expirationSeconds"]!.GetValue<long>());
    }

    [Fact]
    public void Irsa_NoTokenExpirationAnnotation_UsesADay()
    {
        var serviceAccount = new ServiceAccountObject("team", "app", new Dictionary<string, string>(StringComparer.Ordinal));

        var wiring = IdentityWirings.Irsa(Role, serviceAccount, new InjectorOptions());

        var token = Assert.Single(wiring.Volumes)["projected"]!["sources"]![0]!["serviceAccountToken"]!;
        Assert.Equal(86400, token["expirationSeconds"]!.GetValue<long>());
    }
}

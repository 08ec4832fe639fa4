using SecretInjector.Aws;
using Xunit;

namespace SecretInjector.Tests.Aws;

public sealed class AwsLocationTests
{
    [Theory]
    [InlineData("arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db-AbCdEf", "eu-west-1")]
    [InlineData("arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db", "cn-north-1")]
    [InlineData("arn:aws:secretsmanager:us-east-1:111122223333:secret:a:b:c", "us-east-1")]
    [InlineData("payments/db", null)]
    [InlineData("arn:aws:s3:::bucket", null)]
    public void Region_SecretId_ComesFromTheArnOnly(string secretId, string? expected)
    {
        Assert.Equal(expected, SecretArn.Region(secretId));
    }

    [Fact]
    public void RegionFor_ArnAndEnvironment_ArnWinsThenAwsRegionThenDefault()
    {
        var env = new Dictionary<string, string> { ["AWS_REGION"] = "us-west-2", ["AWS_DEFAULT_REGION"] = "eu-central-1" };
        var onlyDefault = new Dictionary<string, string> { ["AWS_DEFAULT_REGION"] = "eu-central-1" };

        Assert.Equal("ap-south-1", AwsEnvironment.RegionFor("arn:aws:secretsmanager:ap-south-1:1:secret:x", env.GetValueOrDefault));
        Assert.Equal("us-west-2", AwsEnvironment.RegionFor("x", env.GetValueOrDefault));
        Assert.Equal("eu-central-1", AwsEnvironment.RegionFor("x", onlyDefault.GetValueOrDefault));
        Assert.Null(AwsEnvironment.RegionFor("x", _ => null));
    }

    [Theory]
    [InlineData("us-east-1", "http://localstack:4566")]
    [InlineData("us-gov-west-1", "https://secretsmanager.us-gov-west-1.amazonaws.com/")]
    [InlineData("eusc-de-east-1", " http://127.0.0.1:4566/ ")]
    [InlineData("cn-north-1", "")]
    public void Problems_UsableRegionAndEndpoint_AreNone(string region, string endpoint)
    {
        var env = new Dictionary<string, string> { ["AWS_REGION"] = region, ["AWS_ENDPOINT_URL"] = endpoint, ["AWS_DEFAULT_REGION"] = "unused here" };

        Assert.Empty(AwsEnvironment.Problems(env.GetValueOrDefault));
    }

    [Fact]
    public void Problems_SameBadUrlForBothServices_IsNamedOnce()
    {
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "ftp://x", ["AWS_REGION"] = "us-east-1" };

        var problem = Assert.Single(AwsEnvironment.Problems(env.GetValueOrDefault));

        Assert.Equal("AWS_ENDPOINT_URL 'ftp://x' is not an http:// or https:// URL", problem);
    }

    [Theory]
    [InlineData("us-east-1", "https://secretsmanager.us-east-1.amazonaws.com/")]
    [InlineData("cn-northwest-1", "https://secretsmanager.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "https://secretsmanager.us-gov-west-1.amazonaws.com/")]
    [InlineData("us-iso-east-1", "https://secretsmanager.us-iso-east-1.c2s.ic.gov/")]
    public void Resolve_NoOverride_IsTheRegionalEndpoint(string region, string expected)
    {
        Assert.Equal(new Uri(expected), SecretsManagerEndpoint.Resolve(region, _ => null));
    }

    [Fact]
    public void Resolve_Overrides_ServiceSpecificWinsOverGlobal()
    {
        var both = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "http://localhost:4566/sm",
            ["AWS_ENDPOINT_URL"] = "http://localhost:4566/",
        };
        var global = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://localhost:4566/" };

        Assert.Equal(new Uri("http://localhost:4566/sm"), SecretsManagerEndpoint.Resolve("us-east-1", both.GetValueOrDefault));
        Assert.Equal(new Uri("http://localhost:4566/"), SecretsManagerEndpoint.Resolve("us-east-1", global.GetValueOrDefault));
    }
}

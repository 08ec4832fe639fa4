using System.Net.Http.Headers;
using Polly;
using SecretInjector.Aws;
using SecretInjector.Tests.TestSupport;
using Xunit;

namespace SecretInjector.Tests.Aws;

public sealed class AwsErrorParserTests
{
    public static TheoryData<string> ErrorCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in ExchangeCase.LoadAll().Values.Where(c => c.ExpectedErrorCode is not null && c.Operation != "AssumeRoleWithWebIdentity"))
            data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void Parse_FixtureError_GivesExpectedCodeMessageAndRetryability(string name)
    {
        var exchange = ExchangeCase.LoadAll()[name];
        using var response = new HttpResponseMessage();
        foreach (var (header, value) in exchange.ResponseHeaders)
            response.Headers.TryAddWithoutValidation(header, value);

        var error = AwsErrorParser.Parse(exchange.Status, response.Headers, exchange.ResponseBody);

        Assert.Equal(exchange.ExpectedErrorCode, error.Code);
        Assert.NotEmpty(error.Message);
        Assert.Equal(exchange.ExpectedRetryable, error.IsRetryable);
    }

    [Theory]
    [InlineData("ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException")]
    [InlineData("com.amazonaws.secretsmanager#ResourceNotFoundException", "ResourceNotFoundException")]
    [InlineData("aws.protocoltests#Foo:http://x", "Foo")]
    [InlineData("  ", null)]
    public void Normalize_DecoratedCode_KeepsTheBareName(string raw, string? expected)
    {
        Assert.Equal(expected, AwsErrorParser.Normalize(raw));
    }

    [Fact]
    public void Parse_HtmlErrorPage_FallsBackToStatus()
    {
        using var response = new HttpResponseMessage();

        var error = AwsErrorParser.Parse(502, response.Headers, "<html>bad gateway</html>"u8);

        Assert.Equal("Http502", error.Code);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void Parse_HeaderAndBodyDisagree_HeaderWins()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation(AwsErrorParser.ErrorTypeHeader, "ThrottlingException:http://x");

        var error = AwsErrorParser.Parse(400, response.Headers, "{\"__type\":\"Other\",\"message\":\"m\"}"u8);

        Assert.Equal("ThrottlingException", error.Code);
        Assert.Equal("m", error.Message);
    }

    [Theory]
    [InlineData(typeof(HttpRequestException), true)]
    [InlineData(typeof(IOException), true)]
    [InlineData(typeof(Polly.Timeout.TimeoutRejectedException), true)]
    [InlineData(typeof(InvalidOperationException), false)]
    public void ShouldRetry_Exception_RetriesTransportFailuresOnly(Type exceptionType, bool expected)
    {
        var exception = (Exception)Activator.CreateInstance(exceptionType)!;

        Assert.Equal(expected, AwsRetryPipeline.ShouldRetry(Outcome.FromException<object>(exception)));
    }
}

using System.Text;
using System.Text.Json;
using SecretInjector.Agent;
using SecretInjector.Aws;
using SecretInjector.Contract;
using SecretInjector.Tests.TestSupport;
using Xunit;

namespace SecretInjector.Tests.Agent;

/// <summary>SPEC §3 formats over the fixture secrets.</summary>
public sealed class ValueRendererTests
{
    private static readonly Dictionary<string, ExchangeCase> Cases = ExchangeCase.LoadAll();

    [Theory]
    [InlineData("GetSecretValue.json-string", "password", SecretFormat.Raw, "EXAMPLE-PASSWORD-1")]
    [InlineData("GetSecretValue.json-string", "port", SecretFormat.Raw, "5432")]
    [InlineData("GetSecretValue.json-string", "port", SecretFormat.Json, "5432")]
    [InlineData("GetSecretValue.json-string", "username", SecretFormat.Json, "\"payments_app\"")]
    [InlineData("GetSecretValue.full-arn-version-stage", "stripe.apiKey", SecretFormat.Raw, "sk_test_EXAMPLEKEY0000")]
    [InlineData("GetSecretValue.full-arn-version-stage", "stripe", SecretFormat.Raw, "{\"apiKey\":\"sk_test_EXAMPLEKEY0000\",\"webhookSecret\":\"whsec_EXAMPLE0000\"}")]
    [InlineData("GetSecretValue.full-arn-version-stage", "enabled", SecretFormat.Raw, "true")]
    [InlineData("GetSecretValue.full-arn-version-stage", "retries", SecretFormat.Raw, "3")]
    [InlineData("GetSecretValue.full-arn-version-stage", "stripe", SecretFormat.Env, "apiKey='sk_test_EXAMPLEKEY0000'\nwebhookSecret='whsec_EXAMPLE0000'\n")]
    [InlineData("GetSecretValue.plain-string", null, SecretFormat.Raw, "EXAMPLE-not-json-token=with+symbols/and\u00e9")]
    public void Render_FixtureSecret_WritesExpectedText(string caseName, string? key, SecretFormat format, string expected)
    {
        var result = ValueRenderer.Render(new SecretSpec("f", "id", key, null, null, format), Response(caseName));

        Assert.Null(result.Code);
        Assert.Equal(expected, Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Render_JsonWholeSecret_WritesTheStoredJsonAsIs()
    {
        var response = Response("GetSecretValue.full-arn-version-stage");

        var result = ValueRenderer.Render(new SecretSpec("f", "id", Format: SecretFormat.Json), response);

        Assert.Equal(response.SecretString, Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Render_BinaryRaw_WritesTheDecodedBytes()
    {
        var response = Response("GetSecretValue.binary-by-version-id");

        var result = ValueRenderer.Render(new SecretSpec("f", "id"), response);

        Assert.Equal(response.SecretBinary, result.Content);
        Assert.StartsWith("-----BEGIN EXAMPLE KEY-----", Encoding.UTF8.GetString(result.Content!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GetSecretValue.binary-by-version-id", "key", SecretFormat.Raw, FailureAdvice.BinarySecret)]
    [InlineData("GetSecretValue.binary-by-version-id", null, SecretFormat.Env, FailureAdvice.BinarySecret)]
    [InlineData("GetSecretValue.plain-string", "key", SecretFormat.Raw, FailureAdvice.SecretNotJson)]
    [InlineData("GetSecretValue.plain-string", null, SecretFormat.Json, FailureAdvice.SecretNotJson)]
    [InlineData("GetSecretValue.json-string", "missing", SecretFormat.Raw, FailureAdvice.JsonKeyNotFound)]
    [InlineData("GetSecretValue.json-string", "password.deeper", SecretFormat.Raw, FailureAdvice.JsonKeyNotFound)]
    [InlineData("GetSecretValue.json-string", "port", SecretFormat.Env, FailureAdvice.NotAnObject)]
    public void Render_ImpossibleRequest_FailsWithCodeAndNoValue(string caseName, string? key, SecretFormat format, string code)
    {
        var response = Response(caseName);

        var result = ValueRenderer.Render(new SecretSpec("f", "id", key, null, null, format), response);

        Assert.Null(result.Content);
        Assert.Equal(code, result.Code);
        Assert.DoesNotContain("EXAMPLE", result.Message, StringComparison.Ordinal);
        if (response.SecretString is { } text)
            Assert.DoesNotContain(text, result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":\"\\ud800x\"}", "a", SecretFormat.Raw)]
    [InlineData("{\"a\":\"\\ud800x\"}", "a", SecretFormat.Json)]
    [InlineData("{\"a\":\"\\ud800x\"}", null, SecretFormat.Env)]
    [InlineData("{\"a\":{\"b\":\"\\udc00\"}}", "a", SecretFormat.Env)]
    [InlineData("{\"\\ud800\":\"x\"}", null, SecretFormat.Env)]
    [InlineData("{\"\\ud800\":\"x\"}", "b", SecretFormat.Raw)]
    [InlineData("{\"a\":[\"\\ud800\"]}", "a", SecretFormat.Raw)]
    public void Render_LoneSurrogateEscape_FailsAsNotJsonWithoutTheValue(string json, string? key, SecretFormat format)
    {
        var response = new SecretValueResponse("arn", "n", json, null, "v");

        var result = ValueRenderer.Render(new SecretSpec("f", "id", key, null, null, format), response);

        Assert.Null(result.Content);
        Assert.Equal(FailureAdvice.SecretNotJson, result.Code);
        Assert.DoesNotContain("ud800", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("udc00", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(65, "a", SecretFormat.Raw)]
    [InlineData(65, null, SecretFormat.Json)]
    [InlineData(1000, null, SecretFormat.Env)]
    public void Render_JsonNestedDeeperThan64_SaysItIsNestedTooDeeply(int depth, string? key, SecretFormat format)
    {
        var json = "{\"a\":" + string.Concat(Enumerable.Repeat("[", depth - 1)) + "\"deep-value\"" + new string(']', depth - 1) + "}";
        var response = new SecretValueResponse("arn", "n", json, null, "v");

        var result = ValueRenderer.Render(new SecretSpec("f", "id", key, null, null, format), response);

        Assert.Null(result.Content);
        Assert.Equal(FailureAdvice.SecretNotJson, result.Code);
        Assert.Contains("nested more than 64 levels deep", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("deep-value", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_JsonNested64Deep_IsRead()
    {
        var json = string.Concat(Enumerable.Repeat("[", 64)) + "1" + new string(']', 64);
        var response = new SecretValueResponse("arn", "n", json, null, "v");

        var result = ValueRenderer.Render(new SecretSpec("f", "id", Format: SecretFormat.Json), response);

        Assert.Null(result.Code);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("[[[[1]]]")]
    public void Render_BrokenJson_StillSaysNotJson(string json)
    {
        var result = ValueRenderer.Render(new SecretSpec("f", "id", Format: SecretFormat.Json), new SecretValueResponse("arn", "n", json, null, "v"));

        Assert.Equal("the secret's value is not JSON", result.Message);
    }

    [Fact]
    public void Render_DottedKeyThatExistsVerbatim_PrefersTheTopLevelKey()
    {
        var response = new SecretValueResponse("arn", "n", "{\"a.b\":\"top\",\"a\":{\"b\":\"nested\"}}", null, "v");

        var result = ValueRenderer.Render(new SecretSpec("f", "id", "a.b"), response);

        Assert.Equal("top", Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Render_NeitherStringNorBinary_FailsAsEmpty()
    {
        var result = ValueRenderer.Render(new SecretSpec("f", "id"), new SecretValueResponse("arn", "n", null, null, "v"));

        Assert.Equal(FailureAdvice.EmptySecret, result.Code);
    }

    private static SecretValueResponse Response(string caseName) =>
        JsonSerializer.Deserialize(Cases[caseName].ResponseBody, AwsJsonContext.Default.SecretValueResponse)!;
}

using System.Text;
using System.Text.Json;
using SecretInjector.Agent;
using Xunit;

namespace SecretInjector.Tests.Agent;

public sealed class DotenvFormatterTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME `x` \"q\"", "'$HOME `x` \"q\"'")]
    [InlineData("a\nb", "'a\nb'")]
    [InlineData("", "''")]
    public void Quote_Value_IsLiteralForAShell(string value, string expected)
    {
        Assert.Equal(expected, DotenvFormatter.Quote(value));
    }

    [Theory]
    [InlineData("DATABASE_URL", true)]
    [InlineData("_x1", true)]
    [InlineData("1X", false)]
    [InlineData("my-key", false)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    [InlineData("caf\u00e9", false)]
    public void IsShellName_Key_AcceptsShellIdentifiersOnly(string name, bool expected)
    {
        Assert.Equal(expected, DotenvFormatter.IsShellName(name));
    }

    [Fact]
    public void Format_KeyNotAShellName_FailsNamingTheKeyNotTheValue()
    {
        using var document = JsonDocument.Parse("{\"GOOD\":\"v1\",\"bad-key\":\"very-secret-value\"}");

        var result = DotenvFormatter.Format(document.RootElement);

        Assert.Equal(FailureAdvice.InvalidEnvKey, result.Code);
        Assert.Contains("'bad-key'", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-value", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_NonStringValues_WritesTheirJson()
    {
        using var document = JsonDocument.Parse("{\"N\":5,\"B\":false,\"O\":{\"k\":\"v\"},\"Z\":null}");

        var result = DotenvFormatter.Format(document.RootElement);

        Assert.Equal("N='5'\nB='false'\nO='{\"k\":\"v\"}'\nZ=''\n", Encoding.UTF8.GetString(result.Content!));
    }
}

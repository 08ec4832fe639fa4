using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecretInjector.Agent;
using SecretInjector.Aws;
using SecretInjector.Contract;
using Xunit;

namespace SecretInjector.Tests.Agent;

/// <summary>Small pieces of the agent: file names, batch matching, failure lines and the log format.</summary>
public sealed class AgentPiecesTests
{
    [Theory]
    [InlineData("db-password", true)]
    [InlineData("a", true)]
    [InlineData("..data", false)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("-a", false)]
    [InlineData("Upper", false)]
    [InlineData("", false)]
    public void IsValid_FileName_AcceptsDns1123LabelsOnly(string name, bool expected)
    {
        Assert.Equal(expected, FileNames.IsValid(name));
    }

    [Fact]
    public void IsValid_SixtyFourCharacters_IsRefused()
    {
        Assert.True(FileNames.IsValid(new string('a', 63)));
        Assert.False(FileNames.IsValid(new string('a', 64)));
    }

    [Theory]
    [InlineData("payments/db-password", true)]
    [InlineData("arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/db-password-AbCdEf", true)]
    [InlineData("arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/db-password", true)]
    [InlineData("arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/db", false)]
    [InlineData("payments/db", false)]
    public void Matches_IdForms_FindTheBatchValue(string secretId, bool expected)
    {
        var value = new SecretValueResponse("arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/db-password-AbCdEf", "payments/db-password", "x", null, "v");

        Assert.Equal(expected, BatchAnswers.Matches(secretId, value));
    }

    [Fact]
    public void ToLine_Failure_NamesSecretFileCodeAndAdvice()
    {
        var failure = new FetchFailure(new SecretSpec("db-password", "payments/db-password"), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");

        Assert.Equal(
            "secret-injector fetch: secret payments/db-password (file db-password): ResourceNotFoundException: Secrets Manager can't find the specified secret. Check the name and region, and that the role may read it.",
            failure.ToLine());
    }

    [Fact]
    public void ToLine_MultiLineMessage_IsOneLine()
    {
        var failure = new FetchFailure(new SecretSpec("db", "payments/db"), "CredentialsUnavailable", "Failed to resolve.\n\nException 1 of 2: a.\r\nException 2 of 2: b.");

        var line = failure.ToLine();

        Assert.DoesNotContain('\n', line);
        Assert.Contains("Failed to resolve. Exception 1 of 2: a. Exception 2 of 2: b. Give the pod", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ValueCarriers_NeverPrintTheValue()
    {
        var response = new SecretValueResponse("arn", "n", "hunter2", [1, 2], "v");

        Assert.DoesNotContain("hunter2", response.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", new RenderedFile("f", "hunter2"u8.ToArray()).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_Event_IsOneJsonLineWithFields()
    {
        using var output = new StringWriter();
        var logger = new JsonLinesLogger(output, LogLevel.Information, TimeProvider.System);

        AgentLog.SecretFailed(logger, "payments/db", "db", "AccessDeniedException");
        AgentLog.SecretRead(logger, "payments/db", "db", "v1");

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("SecretFailed", json.RootElement.GetProperty("event").GetString());
        Assert.Equal("Error", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("payments/db", json.RootElement.GetProperty("SecretId").GetString());
    }
}

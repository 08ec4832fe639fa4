using SecretInjector.Commands;
using Xunit;

namespace SecretInjector.Tests.Agent;

/// <summary>The <c>fetch</c> command line, as <see cref="FetchCommand.Parse"/> checks it.</summary>
public sealed class FetchArgumentsTests
{
    [Theory]
    [InlineData("0400", 0b100_000_000)]
    [InlineData("0440", 0b100_100_000)]
    [InlineData("444", 0b100_100_100)]
    [InlineData("0644", 0b110_100_100)]
    public void TryParseMode_Octal_GivesThePermission(string text, int expected)
    {
        Assert.True(FetchCommand.TryParseMode(text, out var mode));
        Assert.Equal((UnixFileMode)expected, mode);
    }

    [Theory]
    [InlineData("0800")]
    [InlineData("1400")]
    [InlineData("rw")]
    [InlineData("04000")]
    [InlineData("")]
    public void TryParseMode_NotOctal_IsRefused(string text)
    {
        Assert.False(FetchCommand.TryParseMode(text, out _));
    }

    [Theory]
    [InlineData("0000")]
    [InlineData("000")]
    [InlineData("0200")]
    [InlineData("0333")]
    public void Parse_FileModeNobodyCanRead_IsRefused(string mode)
    {
        var (settings, problem) = FetchCommand.Parse(new RawFetchArguments("/out", mode, null, null, null, false));

        Assert.Null(settings);
        Assert.Contains("--file-mode", problem, StringComparison.Ordinal);
        Assert.Contains("lets nobody read the files", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Defaults_AreOneShotSixtySecondsBatchFromTen()
    {
        var (settings, problem) = FetchCommand.Parse(new RawFetchArguments("/out", "0400", null, null, null, false));

        Assert.Null(problem);
        Assert.Equal(TimeSpan.FromSeconds(60), settings!.Timeout);
        Assert.Null(settings.RefreshInterval);
        Assert.Equal(10, settings.BatchThreshold);
    }

    [Theory]
    [InlineData("300s", null, 300)]
    [InlineData("5m", "90s", 300)]
    [InlineData("24h", "1h", 86400)]
    public void Parse_Durations_AreRead(string interval, string? timeout, int expectedSeconds)
    {
        var (settings, _) = FetchCommand.Parse(new RawFetchArguments("/out", "0400", interval, timeout, "0", true));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), settings!.RefreshInterval);
        Assert.Equal(0, settings.BatchThreshold);
    }

    [Theory]
    [InlineData("0400", "soon", null, null, "--refresh-interval")]
    [InlineData("0400", null, "forever", null, "--timeout")]
    [InlineData("0400", "99999999999999999h", null, null, "--refresh-interval")]
    [InlineData("0400", null, "99999999999999999h", null, "--timeout")]
    [InlineData("0400", "\u0665s", null, null, "--refresh-interval")]
    [InlineData("0400", null, "\u0665s", null, "--timeout")]
    [InlineData("0400", null, "\u0661\u0660m", null, "--timeout")]
    [InlineData("0400", null, null, "\u0665", "--batch-threshold")]
    [InlineData("0400", null, "2000h", null, "--timeout")]
    [InlineData("0400", null, "3601s", null, "--timeout")]
    [InlineData("0400", "2000h", null, null, "--refresh-interval")]
    [InlineData("0400", "24h1s", null, null, "--refresh-interval")]
    [InlineData("0400", null, null, "-1", "--batch-threshold")]
    [InlineData("9", null, null, null, "--file-mode")]
    public void Parse_BadValue_NamesTheOption(string mode, string? interval, string? timeout, string? batch, string option)
    {
        var (settings, problem) = FetchCommand.Parse(new RawFetchArguments("/out", mode, interval, timeout, batch, false));

        Assert.Null(settings);
        Assert.Contains(option, problem, StringComparison.Ordinal);
    }
}

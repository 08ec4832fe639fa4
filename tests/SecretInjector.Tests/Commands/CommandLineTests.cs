using SecretInjector.Commands;

namespace SecretInjector.Tests.Commands;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "inject" }, "secret-injector inject: Option '--filename' is required (see secret-injector inject --help)")]
    [InlineData(new[] { "serve", "--shutdown-timeout", "soon" }, "secret-injector serve: Cannot parse argument 'soon' for option '--shutdown-timeout'")]
    [InlineData(new[] { "serve", "--shutdown-timeout", "0" }, "secret-injector serve: --shutdown-timeout 0 must be from 1 to 3600 seconds")]
    [InlineData(new[] { "serve", "--shutdown-timeout", "-5" }, "secret-injector serve: --shutdown-timeout -5 must be from 1 to 3600 seconds")]
    [InlineData(new[] { "inject", "-f", "-", "extra" }, "secret-injector inject: Unrecognized command or argument 'extra'")]
    [InlineData(new[] { "bogus" }, "secret-injector: ")]
    [InlineData(new string[0], "secret-injector: Required command was not provided (see secret-injector --help)")]
    public async Task Run_LineThatDoesNotParse_GivesOneLineAndExitsTwo(string[] args, string expected)
    {
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(args, error);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.StartsWith(expected, error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().TrimEnd('\n').Split('\n'));
    }
}

using SecretInjector.Contract;
using Xunit;

namespace SecretInjector.Tests.Contract;

public sealed class AgentContractTests
{
    [Fact]
    public void ParseSecrets_WhatSerializeSecretsWrote_ReadsBackTheSameList()
    {
        IReadOnlyList<SecretSpec> secrets =
        [
            new("db", "payments/db", JsonKey: "password"),
            new("env", "payments/env", Format: SecretFormat.Env),
            new("key", "orders/key", VersionId: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", VersionStage: "AWSPREVIOUS"),
        ];

        var json = AgentContract.SerializeSecrets(secrets);
        var parsed = AgentContract.ParseSecrets(json);

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.Equal(secrets, parsed);
    }

    [Fact]
    public void ParseSecrets_MissingSecretId_Throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => AgentContract.ParseSecrets("[{\"file\":\"db\",\"format\":\"raw\"}]"));
    }

    [Theory]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("0")]
    public void ParseSecrets_NumericFormat_ThrowsNamingTheEntry(string format)
    {
        var ex = Assert.ThrowsAny<System.Text.Json.JsonException>(() => AgentContract.ParseSecrets($"[{{\"file\":\"db\",\"secretId\":\"payments/db\",\"format\":{format}}}]"));

        Assert.StartsWith("entry 1 has an unknown format", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SerializeSecrets_EveryFormat_WritesItsNameAndReadsBack()
    {
        IReadOnlyList<SecretSpec> secrets = [.. Enum.GetValues<SecretFormat>().Select(f => new SecretSpec($"f{(int)f}", "payments/db", Format: f))];

        var json = AgentContract.SerializeSecrets(secrets);

        Assert.Contains("\"format\":\"raw\"", json, StringComparison.Ordinal);
        Assert.Contains("\"format\":\"json\"", json, StringComparison.Ordinal);
        Assert.Contains("\"format\":\"env\"", json, StringComparison.Ordinal);
        Assert.Equal(secrets, AgentContract.ParseSecrets(json));
    }
}

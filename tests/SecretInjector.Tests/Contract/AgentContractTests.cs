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
}

using System.Text.Json;

namespace SecretInjector.Tests.Manifests;

public sealed class YamlToJsonTests
{
    [Theory]
    [InlineData("v: 2", JsonValueKind.Number, "2")]
    [InlineData("v: -7", JsonValueKind.Number, "-7")]
    [InlineData("v: 0.5", JsonValueKind.Number, "0.5")]
    [InlineData("v: true", JsonValueKind.True, "true")]
    [InlineData("v: false", JsonValueKind.False, "false")]
    [InlineData("v: null", JsonValueKind.Null, "null")]
    [InlineData("v:", JsonValueKind.Null, "null")]
    [InlineData("v: \"2\"", JsonValueKind.String, "\"2\"")]
    [InlineData("v: 'true'", JsonValueKind.String, "\"true\"")]
    [InlineData("v: 100m", JsonValueKind.String, "\"100m\"")]
    [InlineData("v: !!str 5", JsonValueKind.String, "\"5\"")]
    [InlineData("v: |\n  a\n  b\n", JsonValueKind.String, "\"a\\nb\\n\"")]
    public void Documents_Scalar_KeepsItsYamlType(string yaml, JsonValueKind kind, string json)
    {
        var document = YamlToJson.Documents(yaml).Single();

        var value = document["v"];
        Assert.Equal(kind, value?.GetValueKind() ?? JsonValueKind.Null);
        Assert.Equal(json, value?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Documents_StreamWithEmptyDocument_SkipsIt()
    {
        var documents = YamlToJson.Documents("a: 1\n---\n---\nb: [x, 2]\n");

        Assert.Equal(["""{"a":1}""", """{"b":["x",2]}"""], documents.Select(d => d.ToJsonString()));
    }
}

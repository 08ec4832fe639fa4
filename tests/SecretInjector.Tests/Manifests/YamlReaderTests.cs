using CsCheck;
using System.Text.Json.Nodes;
using SecretInjector.Manifests;

namespace SecretInjector.Tests.Manifests;

public sealed class YamlReaderTests
{
    [Theory]
    [InlineData("a: yes", "true")]
    [InlineData("a: on", "true")]
    [InlineData("a: Off", "false")]
    [InlineData("a: ~", "null")]
    [InlineData("a:", "null")]
    [InlineData("a: 0755", "493")]
    [InlineData("a: 0x1F", "31")]
    [InlineData("a: 1_000", "1000")]
    [InlineData("a: 0.5", "0.5")]
    [InlineData("a: -12", "-12")]
    [InlineData("a: '0755'", "\"0755\"")]
    [InlineData("a: \"yes\"", "\"yes\"")]
    [InlineData("a: !!str 10", "\"10\"")]
    [InlineData("a: 500m", "\"500m\"")]
    [InlineData("a: 08", "8")]
    [InlineData("a: 08080", "8080")]
    [InlineData("a: 0_9", "9")]
    [InlineData("a: '08080'", "\"08080\"")]
    [InlineData("a: .inf", "\".inf\"")]
    [InlineData("on: 1", "1")]
    [InlineData("a: 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"")]
    [InlineData("a: \"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"", "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"")]
    [InlineData("a: 0xFFFFFFFFFFFFFFFF", "18446744073709551615")]
    [InlineData("a: -0x8000000000000000", "-9223372036854775808")]
    [InlineData("a: 0x_", "\"0x_\"")]
    [InlineData("a: 0o_", "\"0o_\"")]
    [InlineData("a: 0x0", "0")]
    [InlineData("a: 1e400", "\"1e400\"")]
    [InlineData("a: \"1e400\"", "\"1e400\"")]
    [InlineData("a: 123456789012345678901234567890", "1.2345678901234568E+29")]
    public void ReadAll_PlainScalars_ResolveAsKubectlDoes(string yaml, string json)
    {
        var root = YamlReader.ReadAll(yaml).Single().Root!.AsObject();

        Assert.Equal(json, root.Single().Value?.ToJsonString() ?? "null");
    }

    [Fact]
    public void ReadAll_DuplicateKey_NamesTheKeyAndLine()
    {
        var e = Assert.Throws<ManifestException>(() => YamlReader.ReadAll("a: 1\n---\nb: 1\nc: 2\nb: 3\n"));

        Assert.Contains("document 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate key 'b'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    [InlineData(30_000, false)]
    public void ReadAll_FlowNesting_IsReadUpToTheLimitAndRefusedPastIt(int depth, bool read)
    {
        var text = "a: " + new string('[', depth - 1) + new string(']', depth - 1);

        var e = Record.Exception(() => YamlReader.ReadAll(text));

        if (read)
        {
            Assert.Null(e);
            return;
        }

        var refused = Assert.IsType<ManifestException>(e);
        Assert.Contains("collections are nested more than 64 deep", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_BlockNestingPastTheLimit_IsRefusedNotAStackOverflow()
    {
        var text = string.Concat(Enumerable.Range(0, 5_000).Select(i => new string(' ', i) + "k:\n"));

        var e = Assert.Throws<ManifestException>(() => YamlReader.ReadAll(text));

        Assert.Contains("line 65, column 65: collections are nested more than 64 deep", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: [[[[x]]]]\n", true)]
    [InlineData("a: &x [1]\nb: *x\n", true)]
    public void EnsureDepth_ShallowDocument_Passes(string text, bool _)
    {
        YamlReader.EnsureDepth(text);
    }

    [Fact]
    public void EnsureDepth_DeepDocument_ThrowsAtTheCollectionPastTheLimit()
    {
        var e = Assert.Throws<YamlDotNet.Core.YamlException>(() => YamlReader.EnsureDepth("a: " + new string('[', 100_000)));

        Assert.Contains("nested more than 64 deep", e.Message, StringComparison.Ordinal);
        Assert.Equal("a: ".Length + 64, e.Start.Column); // the 64th bracket, inside the top-level mapping
    }

    [Fact]
    public void ReadAll_AnchorsAliasesAndMergeKeys_AreExpanded()
    {
        var doc = YamlReader.ReadAll("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\ncopy: *b\n").Single().Root!;

        Assert.Equal("""{"base":{"x":1,"y":2},"use":{"y":3,"x":1},"copy":{"x":1,"y":2}}""", doc.ToJsonString());
    }

    [Fact]
    public void ReadAll_AliasBomb_IsRefused()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 9; i++)
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");

        var e = Assert.Throws<ManifestException>(() => YamlReader.ReadAll(string.Join("\n", lines)));

        Assert.Contains("more than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_BrokenYaml_SaysWhereItBroke()
    {
        var e = Assert.Throws<ManifestException>(() => YamlReader.ReadAll("a: [1, 2\nb: 3\n"));

        Assert.Contains("line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_EmptyDocuments_AreSkippedAndSpansCoverEachRoot()
    {
        const string text = "---\n# nothing\n---\nkind: A\n---\nkind: B\n";

        var docs = YamlReader.ReadAll(text);

        Assert.Equal(["kind: A", "kind: B"], docs.Select(d => text[d.Start..d.End].Trim()));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("0755")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData("#comment")]
    [InlineData("line one\nline two\n")]
    [InlineData("trailing space \nnext")]
    [InlineData(" leading")]
    [InlineData("tab\there")]
    [InlineData("1e3")]
    [InlineData(".inf")]
    [InlineData("{\"json\": true}")]
    [InlineData("\n")]
    [InlineData("\n\n")]
    [InlineData("\nafter a blank line")]
    [InlineData("two trailing\n\n")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("1e400")]
    public void Write_StringsThatLookLikeOtherTypes_ReadBackAsTheSameString(string value)
    {
        var node = new JsonObject { ["k"] = value, ["list"] = new JsonArray(value), ["n"] = 5, ["b"] = false, ["z"] = null, ["e"] = new JsonObject() };

        var back = YamlReader.ReadAll(YamlWriter.Write(node)).Single().Root!;

        Assert.True(JsonNode.DeepEquals(node, back), YamlWriter.Write(node));
    }

    [Fact]
    public void Write_AnyString_ReadsBackAsTheSameString()
    {
        var text = Gen.String[Gen.Char[" \n\t:#-'\"|>{}[],&*!%@`ax0.1eE+_yn~"], 0, 12];

        text.Sample(value =>
        {
            var node = new JsonObject { ["k"] = value, ["list"] = new JsonArray(value) };
            return JsonNode.DeepEquals(node, YamlReader.ReadAll(YamlWriter.Write(node)).Single().Root);
        });
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using SecretInjector.Manifests;

namespace SecretInjector.Tests.Manifests;

public sealed class YamlWriterTests
{
    /// <summary>
    /// Strings a YAML 1.1 reader (kubectl's go-yaml v2, PyYAML) would take for something else when written plain:
    /// sexagesimal numbers, timestamps, booleans, nulls, numbers of every base, special floats, the value and
    /// merge keys.
    /// </summary>
    public static TheoryData<string> Yaml11NonStrings => new(Yaml11Strings);

    private static readonly string[] Yaml11Strings =
    [
        "1:20", "12:30:45", "-1:20", "+190:20:30", "190:20:30.15", "1_0:20", "1:2:3.",
        "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
        "2001-12-15 2:59:43.10", "2002-1-1 0:00:00", "2001-13-45", "2001-12-14T21:59:43Z",
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
        "true", "True", "TRUE", "false", "False", "FALSE", "~", "null", "Null", "NULL",
        "0755", "-0755", "0o755", "0x1F", "-0x1f", "0b101", "0b_", "0x_", "0_", "1_000", "+12", "-0",
        "1e3", "1E+3", "-1.5e-3", "1.", ".5", "._5", "1_0.5", "+.5",
        ".inf", "-.inf", "+.Inf", ".INF", ".nan", ".NaN", ".NAN",
        "=", "<<", "0X1F", "0B101", "0O17", "1__", "+_1", "-_0x1", "1_.5_",
    ];

    /// <summary>Strings that a plain scalar cannot hold: indicators, spaces at the ends, comment and value marks.</summary>
    public static TheoryData<string> Indicators => new(
        " leading", "trailing ", "a: b", "a:", "a #b", "#a", "- a", "-", "? a", "?", ": a", ":", "!tag", "&anchor",
        "*alias", "|", "|a", ">", ">a", "%TAG", "@at", "`tick", "'quote", "\"double", "[a", "]a", "{a", "}a", ",a",
        "a\tb", "\ttab", "a\u2028b", "a\u2029b", "a\u0085b", "\ufeffbom", "a\rb", "");

    [Theory]
    [MemberData(nameof(Yaml11NonStrings))]
    [MemberData(nameof(Indicators))]
    public void Write_StringAYaml11ReaderWouldMisread_IsQuotedAndReadsBack(string value)
    {
        var yaml = YamlWriter.Write(new JsonObject { ["k"] = value });

        Assert.Matches("^k: [\"']", yaml);
        Assert.Equal(value, YamlReader.ReadAll(yaml).Single().Root!["k"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Yaml11NonStrings))]
    public void Write_KeyAYaml11ReaderWouldMisread_IsQuotedAndReadsBack(string key)
    {
        var yaml = YamlWriter.Write(new JsonObject { [key] = "v" });

        Assert.Matches("^[\"']", yaml);
        Assert.Equal(key, YamlReader.ReadAll(yaml).Single().Root!.AsObject().Single().Key);
    }

    [Theory]
    [InlineData("500m")]
    [InlineData("64Mi")]
    [InlineData("payments/db")]
    [InlineData("arn:aws:iam::111122223333:role/payments-api")]
    [InlineData("ghcr.io/secret-injector/secret-injector:0.1.0")]
    [InlineData("1.2.3")]
    [InlineData("12:30pm")]
    [InlineData("2001-12-14x")]
    [InlineData("v1")]
    [InlineData("a-b")]
    [InlineData("http://example.com/a#b")]
    public void Write_OrdinaryString_StaysPlain(string value)
    {
        var yaml = YamlWriter.Write(new JsonObject { ["k"] = value });

        Assert.Equal($"k: {value}\n", yaml);
    }

    [Fact]
    public void Write_AnyString_ReadsBackAsTheSameString()
    {
        var chars = Gen.OneOf(
            Gen.Char[" \t\n\r:#-?'\"|>{}[],&*!%@`=<~._+0123456789eExXoObBtTZyYnN"],
            Gen.Char['\u0000', '\u00ff'],
            Gen.Char["\u2028\u2029\ufeff\u00a0\u200b\ud7ff\ue000\ufffd"]);
        var strings = Gen.OneOf(Gen.String[chars, 0, 16], Gen.OneOf(Yaml11Strings));

        strings.Sample(value =>
        {
            var node = new JsonObject { ["k"] = value, [value] = new JsonArray(value) };
            var back = YamlReader.ReadAll(YamlWriter.Write(node)).Single().Root;
            return JsonNode.DeepEquals(node, back);
        });
    }

    [Fact]
    public void Write_AnyYaml11NumberOrTimestamp_IsQuotedAndReadsBack()
    {
        var digits = Gen.String[Gen.Char['0', '9'], 1, 4];
        var sign = Gen.OneOf("", "-", "+");
        var twoDigits = Gen.Int[0, 99].Select(i => i.ToString("00", CultureInfo.InvariantCulture));
        var oneOrTwoDigits = Gen.OneOf(twoDigits, Gen.Int[0, 9].Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var fraction = Gen.OneOf(Gen.Const(""), digits.Select(d => "." + d), Gen.Const("."));
        var sexagesimal = Gen.Select(sign, Gen.Int[1, 999], Gen.Int[0, 59].Array[1, 3], fraction, (s, head, tail, f) =>
            s + head.ToString(CultureInfo.InvariantCulture) + string.Concat(tail.Select(t => ":" + t.ToString(CultureInfo.InvariantCulture))) + f);
        var date = Gen.Select(Gen.Int[0, 9999], twoDigits, twoDigits, (y, m, d) => $"{y:0000}-{m}-{d}");
        var offset = Gen.Select(
            Gen.OneOf("+", "-", " -"), oneOrTwoDigits, Gen.OneOf(Gen.Const(""), twoDigits.Select(m => ":" + m)), (a, b, c) => a + b + c);
        var zone = Gen.OneOf(Gen.Const(""), Gen.Const("Z"), Gen.Const(" Z"), offset);
        var day = Gen.Select(Gen.Int[0, 9999], oneOrTwoDigits, oneOrTwoDigits, (y, mo, d) => $"{y:0000}-{mo}-{d}");
        var time = Gen.Select(oneOrTwoDigits, twoDigits, twoDigits, (h, mi, s) => $"{h}:{mi}:{s}");
        var timestamp = Gen.Select(day, Gen.OneOf("T", "t", " ", " \t "), time, fraction, zone, (d, sep, t, f, z) => d + sep + t + f + z);
        // What go-yaml v2 parses as a number once it drops every '_': Go integer syntax of any base, or a float.
        var number = Gen.Select(sign, Gen.OneOf(
            Digits("0123456789"),
            Gen.Select(Gen.OneOf("0x", "0X"), Digits("0123456789abcdefABCDEF"), (p, d) => p + d),
            Gen.Select(Gen.OneOf("0b", "0B"), Digits("01"), (p, d) => p + d),
            Gen.Select(Gen.OneOf("0o", "0O"), Digits("01234567"), (p, d) => p + d),
            Gen.Select(Digits("0123456789"), Digits("0123456789"), (a, b) => a + "." + b),
            Gen.Select(Digits("0123456789"), Gen.OneOf("e", "E", "e-", "E+"), Gen.Int[0, 99], (a, e, x) => a + e + x.ToString(CultureInfo.InvariantCulture))),
            (s, n) => s + n);

        Gen.OneOf(sexagesimal, date, timestamp, number).Sample(value =>
        {
            var yaml = YamlWriter.Write(new JsonObject { ["k"] = value });
            return yaml.StartsWith("k: \"", StringComparison.Ordinal)
                && YamlReader.ReadAll(yaml).Single().Root!["k"]!.GetValue<string>() == value;
        });
    }

    /// <summary>Digits of <paramref name="alphabet"/>, the first one a digit and the rest possibly <c>_</c>.</summary>
    private static Gen<string> Digits(string alphabet) =>
        Gen.Select(Gen.Char[alphabet], Gen.String[Gen.Char[alphabet + "_"], 0, 6], (first, rest) => first + rest);
}

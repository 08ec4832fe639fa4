using System.Text.Json.Nodes;
using SecretInjector.Configuration;
using SecretInjector.Contract;
using SecretInjector.Injection;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Injection;

public sealed class AnnotationReaderTests
{
    private const string P = Annotations.Prefix;

    private static AnnotationReadResult Read(params (string Key, string Value)[] annotations)
    {
        var pod = Pods.With([(Annotations.Inject, "true"), .. annotations]);
        return AnnotationReader.Read(pod["metadata"]!["annotations"]!.AsObject(), new InjectorOptions());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("True")]
    [InlineData("yes")]
    [InlineData("")]
    public void Read_InjectNotExactlyTrue_IsNotOptedIn(string? value)
    {
        var annotations = new JsonObject { [P + "secret-db"] = "payments/db" };
        if (value is not null)
            annotations[Annotations.Inject] = value;

        var result = AnnotationReader.Read(annotations, new InjectorOptions());

        Assert.False(result.OptedIn);
        Assert.Null(result.Request);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("1")]
    public void Read_InjectNotAString_IsAProblemNotAPassThrough(string json)
    {
        var annotations = new JsonObject { [Annotations.Inject] = JsonNode.Parse(json), [P + "secret-db"] = "payments/db" };

        var result = AnnotationReader.Read(annotations, new InjectorOptions());

        Assert.True(result.OptedIn);
        Assert.Null(result.Request);
        Assert.Contains("must be the string \"true\" (quote it in YAML)", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FixtureOne_ReadsEverySecretWithItsModifiers()
    {
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json");
        var annotations = review["request"]!["object"]!["metadata"]!["annotations"]!.AsObject();

        var result = AnnotationReader.Read(annotations, new InjectorOptions());

        Assert.Empty(result.Problems);
        var secrets = result.Request!.Secrets.ToDictionary(s => s.File);
        Assert.Equal(["api-config", "app-env", "db-password", "stripe-key"], secrets.Keys.Order());
        Assert.Equal(new SecretSpec("stripe-key", "payments/third-party", "stripe.apiKey", "AWSPREVIOUS", null, SecretFormat.Raw), secrets["stripe-key"]);
        Assert.Equal(SecretFormat.Json, secrets["api-config"].Format);
        Assert.Equal("arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/api-config-AbCdEf", secrets["api-config"].SecretId);
        Assert.Equal(SecretFormat.Env, secrets["app-env"].Format);
        Assert.Equal("/mnt/secrets", result.Request.MountPath);
        Assert.Equal(InjectionMode.Init, result.Request.Mode);
    }

    [Fact]
    public void Read_SecretNamedLikeASuffix_TakesItsModifiers()
    {
        var result = Read((P + "secret-format", "payments/db"), (P + "secret-format-format", "env"));

        Assert.Empty(result.Problems);
        Assert.NotNull(result.Request);
    }

    [Theory]
    [InlineData("secret-db-version-id-format", "json", "secret-db-version-id", "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE")]
    [InlineData("secret-db-format-format", "env", "secret-db-format", "json")]
    [InlineData("secret-db-version-stage-version-id", "x", "secret-db-version-stage", "AWSCURRENT")]
    [InlineData("secret-db-format-version-stage", "AWSCURRENT", "secret-db-format", "env")]
    public void Read_ModifierOfAModifier_IsADenialNamingTheAnnotation(string key, string value, string modifier, string modifierValue)
    {
        var result = Read((P + "secret-db", "payments/db"), (P + modifier, modifierValue), (P + key, value));

        Assert.Null(result.Request);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith($"annotation {P}{key}: unknown annotation", problem, StringComparison.Ordinal);
        Assert.Contains($"{P}{modifier} is a modifier, not a secret", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret-Report_DB", "payments/x", "'Report_DB' is not a DNS-1123 label")]
    [InlineData("secret-db.prod", "payments/x", "'db.prod' is not a DNS-1123 label")]
    [InlineData("secret--db", "payments/x", "'-db' is not a DNS-1123 label")]
    [InlineData("secret-db", "payments/x#", "nothing follows '#'")]
    [InlineData("secret-db", "payments/x#a..b", "empty segment")]
    [InlineData("secret-db", "payments x", "is not a secret name")]
    [InlineData("secret-db", "payments/db$(id)", "is not a secret name")]
    [InlineData("secret-db", "", "the secret id is empty")]
    [InlineData("secret-db", "arn:aws:secretsmanager:us-east-1:12:secret:x", "is not a Secrets Manager ARN")]
    [InlineData("secret-db", "arn:aws:ssm:us-east-1:111122223333:parameter/x", "is not a Secrets Manager ARN")]
    [InlineData("mode", "vault", "'vault' is not one of init, csi, sidecar")]
    [InlineData("mount-path", "relative/path", "is not an absolute path")]
    [InlineData("mount-path", "/mnt/../etc", "contains '.' or '..' segments")]
    [InlineData("mount-path", "/", "would hide the container's whole file system")]
    [InlineData("file-mode", "0800", "is not an octal permission")]
    [InlineData("file-mode", "rw-r--r--", "is not an octal permission")]
    [InlineData("file-mode", "4755", "is not an octal permission")]
    [InlineData("file-mode", "0200", "lets nobody read the files")]
    [InlineData("containers", "app,,sidecar", "has an empty entry")]
    [InlineData("containers", "App", "'App' is not a valid container name")]
    [InlineData("mount-paht", "/x", "unknown annotation")]
    [InlineData("refresh-interval", "5m", "only used in mode sidecar")]
    [InlineData("secret-provider-class", "spc", "only used in mode csi")]
    [InlineData("secret-dbx-format", "json", "of a secret that no annotation secret-injector.io/secret-dbx declares")]
    [InlineData("secret-db-format", "yaml", "'yaml' is not one of raw, json, env")]
    [InlineData("secret-db-version-id", "v1", "is not a version id")]
    [InlineData("secret-db-version-stage", "has space", "is not a version stage")]
    [InlineData("secret-db", "payments/db\n", "is not a secret name")]
    [InlineData("secret-db", "arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/db\n", "is not a Secrets Manager ARN")]
    [InlineData("file-mode", "0440\n", "is not an octal permission")]
    [InlineData("secret-db-version-stage", "AWSCURRENT\n", "is not a version stage")]
    [InlineData("secret-db-version-id", "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE\n", "is not a version id")]
    [InlineData("secret-db", "arn:aws:secretsmanager:us-east-1:\u0661\u0661\u0661\u0661\u0662\u0662\u0662\u0662\u0663\u0663\u0663\u0663:secret:db", "is not a Secrets Manager ARN")]
    [InlineData("mount-path", "//", "would hide the container's whole file system")]
    [InlineData("mount-path", "/etc", "is a system directory")]
    [InlineData("mount-path", "/var/run/secrets/kubernetes.io/serviceaccount/", "is a system directory")]
    [InlineData("mount-path", "/proc/self/secrets", "is a system directory")]
    [InlineData("mount-path", "/dev/shm/secrets", "is a system directory")]
    public void Read_InvalidAnnotation_NamesTheAnnotationAndTheProblem(string key, string value, string expected)
    {
        var result = Read((P + "secret-db", "payments/db"), (P + key, value));

        Assert.Null(result.Request);
        var problem = Assert.Single(result.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.StartsWith($"annotation {P}", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/app-secrets")]
    [InlineData("/var/run/secrets/app")]
    [InlineData("/mnt/secrets/")]
    [InlineData("/devices")]
    [InlineData("/opt/app/conf")]
    public void Read_MountPathBesideOrBelowASystemDirectory_IsAccepted(string path)
    {
        var result = Read((P + "secret-db", "payments/db"), (P + "mount-path", path));

        Assert.Empty(result.Problems);
        Assert.Equal(path.TrimEnd('/'), result.Request!.MountPath);
    }

    [Fact]
    public void Read_SecretNameTooLongForItsModifierKeys_SaysHowLongItMayBe()
    {
        var name = new string('a', 50);

        var result = Read((P + "secret-" + name, "payments/db"));

        var problem = Assert.Single(result.Problems);
        Assert.Contains("63-character limit", problem, StringComparison.Ordinal);
        Assert.Contains("use at most 42 characters", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JsonKeyOverTheLimit_IsRefused()
    {
        var result = Read((P + "secret-db", "payments/db#" + new string('k', AnnotationReader.MaxJsonKeyLength + 1)));

        Assert.Contains(result.Problems, p => p.Contains("characters long", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SeveralProblems_ReportsEveryOne()
    {
        var result = Read((P + "secret-Bad", "x y"), (P + "mode", "vault"), (P + "file-mode", "9"));

        Assert.True(result.Problems.Count >= 4, string.Join("\n", result.Problems));
    }

    [Theory]
    [InlineData("payments/db#password", "payments/db", "password")]
    [InlineData("payments/db#a.b.c", "payments/db", "a.b.c")]
    [InlineData("payments/db#key#with#hashes", "payments/db", "key#with#hashes")]
    [InlineData("arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db-AbCdEf#user", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db-AbCdEf", "user")]
    [InlineData("arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db", "arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db", null)]
    public void Read_SecretWithKey_SplitsAtTheFirstHash(string value, string id, string? key)
    {
        var result = Read((P + "secret-db", value));

        var secret = Assert.Single(result.Request!.Secrets);
        Assert.Equal(id, secret.SecretId);
        Assert.Equal(key, secret.JsonKey);
    }

    [Fact]
    public void Read_ModifierSuffixWithDeclaredBase_IsAModifierNotASecret()
    {
        var result = Read(
            (P + "secret-db", "payments/db"),
            (P + "secret-db-version-id", "01234567-89ab-cdef-0123-456789abcdef"),
            (P + "secret-db-version-stage", "AWSPENDING"));

        var secret = Assert.Single(result.Request!.Secrets);
        Assert.Equal("01234567-89ab-cdef-0123-456789abcdef", secret.VersionId);
        Assert.Equal("AWSPENDING", secret.VersionStage);
    }

    [Theory]
    [InlineData("0440", 0b100_100_000)]
    [InlineData("440", 0b100_100_000)]
    [InlineData("0o444", 0b100_100_100)]
    [InlineData("0400", 0b100_000_000)]
    public void Read_FileMode_IsOctal(string text, int expected)
    {
        var result = Read((P + "secret-db", "payments/db"), (P + "file-mode", text));

        Assert.Equal(expected, result.Request!.FileMode);
    }

    [Fact]
    public void Read_CsiModeWithSecretAnnotations_PointsToTheProviderClass()
    {
        var result = Read((P + "mode", "csi"), (P + "secret-provider-class", "app"), (P + "secret-db", "payments/db"));

        Assert.Contains(result.Problems, p => p.Contains("SecretProviderClass", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CsiModeWithoutProviderClass_SaysItIsNeeded()
    {
        var result = Read((P + "mode", "csi"));

        Assert.Contains(result.Problems, p => p.Contains("mode csi needs the name of a SecretProviderClass", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_OptedInWithoutSecrets_SaysWhatToAdd()
    {
        var result = Read();

        var problem = Assert.Single(result.Problems);
        Assert.Contains("names no secret", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    public void Read_RefreshIntervalInSidecarMode_IsParsed(string text, int seconds)
    {
        var result = Read((P + "secret-db", "payments/db"), (P + "mode", "sidecar"), (P + "refresh-interval", text));

        Assert.Equal(TimeSpan.FromSeconds(seconds), result.Request!.RefreshInterval);
    }

    [Theory]
    [InlineData(30, 300)]
    [InlineData(3600, 3600)]
    public void Read_SidecarWithoutInterval_DefaultsToFiveMinutesOrTheMinimumIfLonger(int minimumSeconds, int expectedSeconds)
    {
        var pod = Pods.With([(Annotations.Inject, "true"), (P + "secret-db", "payments/db"), (P + "mode", "sidecar")]);

        var result = AnnotationReader.Read(pod["metadata"]!["annotations"]!.AsObject(), new InjectorOptions { MinRefreshIntervalSeconds = minimumSeconds });

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), result.Request!.RefreshInterval);
    }

    [Theory]
    [InlineData("10s", "shorter than the minimum")]
    [InlineData("2d", "is not a duration")]
    [InlineData("48h", "longer than the maximum")]
    [InlineData("99999999999999999h", "is not a duration")]
    [InlineData("\u0665m", "is not a duration")]
    public void Read_BadRefreshInterval_IsRefused(string text, string expected)
    {
        var result = Read((P + "secret-db", "payments/db"), (P + "mode", "sidecar"), (P + "refresh-interval", text));

        Assert.Contains(result.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NonStringValue_AsksForQuotes()
    {
        var annotations = new JsonObject { [Annotations.Inject] = "true", [P + "secret-db"] = "payments/db", [P + "file-mode"] = 400 };

        var result = AnnotationReader.Read(annotations, new InjectorOptions());

        Assert.Contains(result.Problems, p => p.Contains("must be a string", StringComparison.Ordinal));
    }
}

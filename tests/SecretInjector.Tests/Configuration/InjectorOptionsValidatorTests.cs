using SecretInjector.Configuration;

namespace SecretInjector.Tests.Configuration;

public sealed class InjectorOptionsValidatorTests
{
    [Fact]
    public void Problems_Defaults_AreNone()
    {
        Assert.Empty(InjectorOptionsValidator.Problems(new InjectorOptions()));
    }

    [Theory]
    [InlineData("secret-injector")]
    [InlineData("ghcr.io/secret-injector/secret-injector:0.1.0")]
    [InlineData("registry.example:5000/team/secret-injector:v1.2_3")]
    [InlineData("localhost/secret-injector")]
    [InlineData("[::1]:5000/secret-injector:1")]
    [InlineData("ghcr.io/a/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("ghcr.io/a/b:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("my__repo/a-b--c.d")]
    public void Problems_ImageReference_IsAccepted(string image)
    {
        var options = new InjectorOptions { Image = image };

        Assert.Empty(InjectorOptionsValidator.Problems(options));
    }

    [Theory]
    [InlineData("a\nb", "image: 'a\\nb' is not an image reference")]
    [InlineData("a b", "image: 'a b' is not an image reference")]
    [InlineData(" ghcr.io/a/b:1", "is not an image reference")]
    [InlineData("ghcr.io/a/b:1\t", "image: 'ghcr.io/a/b:1\\t' is not an image reference")]
    [InlineData("ghcr.io/A/b:1", "is not an image reference")]
    [InlineData("ghcr.io/a/b:", "is not an image reference")]
    [InlineData("ghcr.io/a/b:-x", "is not an image reference")]
    [InlineData("ghcr.io/a/b@sha256:123", "is not an image reference")]
    [InlineData("ghcr.io//b", "is not an image reference")]
    [InlineData("   ", "image: must name the injector image")]
    public void Problems_NotAnImageReference_NamesTheKeyOnOneLine(string image, string expected)
    {
        var options = new InjectorOptions { Image = image };

        var problem = Assert.Single(InjectorOptionsValidator.Problems(options));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2147483648)]
    [InlineData(99999999999999)]
    public void Problems_AgentUserNotANonRootLinuxUid_NamesTheKey(long uid)
    {
        var options = new InjectorOptions { AgentUser = uid };

        var problem = Assert.Single(InjectorOptionsValidator.Problems(options));

        Assert.Equal($"agentUser: {uid} must be a Linux UID from 1 to 2147483647 (non-root)", problem);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2147483647)]
    public void Problems_AgentUserAtTheBounds_IsAccepted(long uid)
    {
        var options = new InjectorOptions { AgentUser = uid };

        Assert.Empty(InjectorOptionsValidator.Problems(options));
    }

    [Theory]
    [InlineData("0", "1", "requests: '0' is not a container resource")]
    [InlineData("storage", "1Gi", "requests: 'storage' is not a container resource")]
    [InlineData("gpu/", "1", "requests: 'gpu/' is not a container resource")]
    [InlineData("hugepages-lots", "1", "requests: 'hugepages-lots' is not a container resource")]
    [InlineData("cpu", "-1", "requests.cpu: '-1' must not be negative")]
    [InlineData("cpu", "1\n", "requests.cpu: '1\\n' is not a Kubernetes quantity")]
    public void Problems_RequestsNotAMapOfResourceToQuantity_NamesTheKey(string resource, string quantity, string expected)
    {
        var options = new InjectorOptions { Requests = new(StringComparer.Ordinal) { [resource] = quantity } };

        var problem = Assert.Single(InjectorOptionsValidator.Problems(options));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData("ephemeral-storage", "1Gi")]
    [InlineData("hugepages-2Mi", "4Mi")]
    [InlineData("example.com/gpu", "1")]
    [InlineData("nvidia.com/gpu", "0")]
    public void Problems_LimitsOfKnownOrExtendedResource_AreAccepted(string resource, string quantity)
    {
        var options = new InjectorOptions { Limits = new(StringComparer.Ordinal) { ["cpu"] = "1", [resource] = quantity } };

        Assert.Empty(InjectorOptionsValidator.Problems(options));
    }

    [Fact]
    public void Problems_ValueWithLineBreak_IsShownEscaped()
    {
        var options = new InjectorOptions
        {
            ImagePullPolicy = "Always\nNever",
            DefaultMode = "init\r",
            AwsRegion = "us-east-1\u0007",
            AgentOtlpEndpoint = "otel\n:4318",
        };

        var problems = InjectorOptionsValidator.Problems(options).ToList();

        Assert.Equal(
            [
                "imagePullPolicy: 'Always\\nNever' is not one of Always, IfNotPresent, Never",
                "defaultMode: 'init\\r' is not one of init, csi, sidecar",
                "awsRegion: 'us-east-1\\u0007' is not an AWS region such as us-east-1",
                "agentOtlpEndpoint: 'otel\\n:4318' is not an http or https URL such as http://otel-collector.monitoring:4318",
            ],
            problems);
    }
}

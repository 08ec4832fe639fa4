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

    [Theory]
    [InlineData("cpu", "1", "500m", "requests.cpu: '1' is above limits.cpu '500m'")]
    [InlineData("memory", "1Gi", "128Mi", "requests.memory: '1Gi' is above limits.memory '128Mi'")]
    [InlineData("memory", "134217729", "128Mi", "requests.memory: '134217729' is above limits.memory '128Mi'")]
    [InlineData("memory", "0.2G", "128Mi", "requests.memory: '0.2G' is above limits.memory '128Mi'")]
    [InlineData("cpu", "1e0", "999m", "requests.cpu: '1e0' is above limits.cpu '999m'")]
    [InlineData("cpu", "500001u", "0.5", "requests.cpu: '500001u' is above limits.cpu '0.5'")]
    [InlineData("ephemeral-storage", "1Ti", "1T", "requests.ephemeral-storage: '1Ti' is above limits.ephemeral-storage '1T'")]
    [InlineData("example.com/gpu", "1", "2", "requests.example.com/gpu: '1' must equal limits.example.com/gpu '2' (example.com/gpu cannot be overcommitted)")]
    [InlineData("hugepages-2Mi", "2Mi", "4Mi", "requests.hugepages-2Mi: '2Mi' must equal limits.hugepages-2Mi '4Mi'")]
    public void Problems_RequestTheApiServerRefusesAgainstItsLimit_NamesTheKeyAndBothValues(string resource, string request, string limit, string expected)
    {
        var options = new InjectorOptions
        {
            Requests = new(StringComparer.Ordinal) { [resource] = request },
            Limits = new(StringComparer.Ordinal) { ["cpu"] = "500m", [resource] = limit },
        };

        var problem = Assert.Single(InjectorOptionsValidator.Problems(options));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpu", "500m", "0.5")]
    [InlineData("cpu", "0.5", "500m")]
    [InlineData("cpu", "5e-1", "500000u")]
    [InlineData("memory", "128Mi", "134217728")]
    [InlineData("memory", "1k", "1Ki")]
    [InlineData("memory", "1E", "1Ei")]
    [InlineData("cpu", "0.1n", "1n")]
    [InlineData("example.com/gpu", "1", "1000m")]
    [InlineData("hugepages-2Mi", "4Mi", "4194304")]
    public void Problems_RequestAtOrBelowItsLimitInAnotherNotation_IsAccepted(string resource, string request, string limit)
    {
        var options = new InjectorOptions
        {
            Requests = new(StringComparer.Ordinal) { [resource] = request },
            Limits = new(StringComparer.Ordinal) { ["cpu"] = "500m", ["memory"] = "128Mi", [resource] = limit },
        };

        Assert.Empty(InjectorOptionsValidator.Problems(options));
    }

    [Fact]
    public void Problems_ExtendedResourceRequestedWithoutALimit_AsksForAnEqualLimit()
    {
        var options = new InjectorOptions { Requests = new(StringComparer.Ordinal) { ["example.com/gpu"] = "1" } };

        var problem = Assert.Single(InjectorOptionsValidator.Problems(options));

        Assert.Equal("requests.example.com/gpu: '1' needs an equal limits.example.com/gpu (example.com/gpu cannot be overcommitted)", problem);
    }

    [Theory]
    [InlineData("limits", "memory", "-1Mi", "limits.memory: '-1Mi' must not be negative")]
    [InlineData("limits", "cpu", "-.5", "limits.cpu: '-.5' must not be negative")]
    [InlineData("requests", "cpu", "-1n", "requests.cpu: '-1n' must not be negative")]
    [InlineData("requests", "example.com/gpu", "500m", "requests.example.com/gpu: '500m' must be a whole number")]
    [InlineData("limits", "cpu", "1e2000", "limits.cpu: '1e2000' is out of range")]
    public void Problems_QuantityTheApiServerRefuses_NamesTheKey(string key, string resource, string quantity, string expected)
    {
        var options = new InjectorOptions();
        var map = key == "limits" ? options.Limits : options.Requests;
        map[resource] = quantity;
        if (key == "requests" && resource.Contains('/', StringComparison.Ordinal))
            options.Limits[resource] = quantity;

        var problems = InjectorOptionsValidator.Problems(options).ToList();

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_NegativeOrZeroSignedQuantities_NegativeIsRefusedAndMinusZeroAccepted()
    {
        var negative = new InjectorOptions { SecretsVolumeSizeLimit = "-1Mi" };
        var minusZero = new InjectorOptions { SecretsVolumeSizeLimit = "-0" };

        var problem = Assert.Single(InjectorOptionsValidator.Problems(negative));

        Assert.Equal("secretsVolumeSizeLimit: '-1Mi' must not be negative", problem);
        Assert.Empty(InjectorOptionsValidator.Problems(minusZero));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86401)]
    [InlineData(int.MaxValue)]
    public void Problems_MinRefreshIntervalOutsideOneSecondToADay_NamesTheKey(int seconds)
    {
        var options = new InjectorOptions { MinRefreshIntervalSeconds = seconds };

        var problem = Assert.Single(InjectorOptionsValidator.Problems(options));

        Assert.StartsWith($"minRefreshIntervalSeconds: {seconds} must be from 1 to 86400", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_MinRefreshIntervalOfADay_IsAccepted()
    {
        var options = new InjectorOptions { MinRefreshIntervalSeconds = 86400 };

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

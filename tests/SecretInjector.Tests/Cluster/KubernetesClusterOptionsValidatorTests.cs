using SecretInjector.Cluster.Kubernetes;

namespace SecretInjector.Tests.Cluster;

public sealed class KubernetesClusterOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new KubernetesClusterOptionsValidator().Validate(null, new KubernetesClusterOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEveryOneByName()
    {
        var options = new KubernetesClusterOptions
        {
            LookupTimeout = TimeSpan.Zero,
            InitialBackoff = TimeSpan.FromSeconds(10),
            MaxBackoff = TimeSpan.FromSeconds(1),
        };

        var result = new KubernetesClusterOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("LookupTimeout", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("MaxBackoff", StringComparison.Ordinal));
        Assert.Equal(2, result.Failures!.Count());
    }
}

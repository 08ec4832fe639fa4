namespace SecretInjector.Tests.Manifests;

public sealed class NetworkPolicyTests
{
    [Fact]
    public void Render_Ingress_AllowsOnlyTheWebhookPortFromAnywhere()
    {
        var policy = RenderedManifests.Of(RenderedManifests.Base).Single("NetworkPolicy");

        var rule = Assert.Single(policy.Items("spec.ingress"));
        var port = Assert.Single(rule.Items("ports"));

        Assert.Equal(["Ingress", "Egress"], policy.Strings("spec.policyTypes"));
        Assert.Null(rule.At("from"));
        Assert.Equal("TCP", port.Str("protocol"));
        Assert.Equal(ManifestFacts.ContainerPort, port.Int("port"));
    }

    [Fact]
    public void Render_Egress_AllowsOnlyTheApiServerAndDns()
    {
        var policy = RenderedManifests.Of(RenderedManifests.Base).Single("NetworkPolicy");

        var allowed = policy.Items("spec.egress")
            .SelectMany(rule => rule.Items("ports"))
            .Select(port => $"{port.Str("protocol")}/{port.Int("port")}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["TCP/443", "TCP/53", "TCP/6443", "UDP/53"], allowed);
    }
}

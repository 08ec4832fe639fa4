using System.Text.Json.Nodes;

namespace SecretInjector.Tests.Manifests;

public sealed class CertManagerOverlayTests
{
    private static RenderedManifests Rendered => RenderedManifests.Of(RenderedManifests.CertManager);

    [Fact]
    public void Render_ServingCertificate_CoversTheServiceNamesAndFillsTheTlsSecret()
    {
        var serving = ServingCertificate();

        var service = Rendered.Single("Service");
        var name = service.Str("metadata.name");
        var ns = service.Str("metadata.namespace");

        Assert.Equal(ManifestFacts.TlsSecret, serving.Str("spec.secretName"));
        Assert.Equal(
            [name!, $"{name}.{ns}", $"{name}.{ns}.svc", $"{name}.{ns}.svc.cluster.local"],
            serving.Strings("spec.dnsNames"));
        Assert.Null(serving.At("spec.isCA"));
        Assert.Contains("server auth", serving.Strings("spec.usages"));
    }

    [Fact]
    public void Render_Issuers_FormSelfSignedThenCaChain()
    {
        var serving = ServingCertificate();

        var caIssuer = Rendered.Named("Issuer", serving.Str("spec.issuerRef.name")!);
        var caCertificate = Assert.Single(
            Rendered.OfKind("Certificate"),
            c => c.Str("spec.secretName") == caIssuer.Str("spec.ca.secretName"));
        var rootIssuer = Rendered.Named("Issuer", caCertificate.Str("spec.issuerRef.name")!);

        Assert.True(caCertificate.Bool("spec.isCA"));
        Assert.NotNull(rootIssuer.At("spec.selfSigned"));
        Assert.Equal("Issuer", serving.Str("spec.issuerRef.kind"));
        Assert.Equal("Issuer", caCertificate.Str("spec.issuerRef.kind"));
    }

    [Fact]
    public void Render_Webhook_GetsTheCaFromTheServingCertificate()
    {
        var serving = ServingCertificate();

        var configuration = Rendered.Single("MutatingWebhookConfiguration");
        var annotation = configuration.At("metadata.annotations")?["cert-manager.io/inject-ca-from"]?.GetValue<string>();

        Assert.Equal($"{serving.Str("metadata.namespace")}/{serving.Str("metadata.name")}", annotation);
        Assert.All(configuration.Items("webhooks"), w => Assert.Null(w.At("clientConfig.caBundle")));
        Assert.Empty(Rendered.OfKind("Secret"));
    }

    private static JsonNode ServingCertificate() =>
        Assert.Single(Rendered.OfKind("Certificate"), c => c.Bool("spec.isCA") != true);
}

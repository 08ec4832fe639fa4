using System.Text.Json.Nodes;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Manifests;

public sealed class StaticCertsOverlayTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Render_Committed_TlsFilesArePlaceholdersNotKeys()
    {
        var folder = Path.Combine(RepoPaths.Manifests, RenderedManifests.StaticCerts, "tls");

        var contents = Directory.GetFiles(folder).Select(File.ReadAllText).ToList();

        Assert.Equal(3, contents.Count);
        Assert.All(contents, text =>
        {
            Assert.StartsWith("PLACEHOLDER", text, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Render_WithMadeCertificates_SecretHoldsTheFilesAndCaBundleIsTheCa()
    {
        // The documented steps: make the certificates, copy the three files into the overlay, render.
        var manifests = _temp.Combine("manifests");
        CopyDirectory(RepoPaths.Manifests, manifests);
        var tls = Path.Combine(manifests, RenderedManifests.StaticCerts, "tls");
        var made = _temp.Combine("made");
        MakeCerts.RunOk(made);
        foreach (var file in new[] { "ca.crt", "tls.crt", "tls.key" })
            File.Copy(Path.Combine(made, file), Path.Combine(tls, file), overwrite: true);

        var rendered = RenderedManifests.Render(Path.Combine(manifests, RenderedManifests.StaticCerts));

        var secret = rendered.Named("Secret", ManifestFacts.TlsSecret);
        var webhook = Assert.Single(rendered.Single("MutatingWebhookConfiguration").Items("webhooks"));
        Assert.Equal("kubernetes.io/tls", secret.Str("type"));
        Assert.All(["tls.crt", "tls.key", "ca.crt"], file =>
            Assert.Equal(File.ReadAllText(Path.Combine(tls, file)), DecodedData(secret, file)));
        Assert.Null(secret.At("data")?["ca.key"]);
        Assert.Equal(File.ReadAllText(Path.Combine(tls, "ca.crt")), Decode(webhook.Str("clientConfig.caBundle")));
        Assert.All(rendered.Objects, o => Assert.Empty(KubernetesSchemas.Problems(o)));
    }

    [Fact]
    public void Render_Committed_CaBundleIsTheSecretsCa()
    {
        var rendered = RenderedManifests.Of(RenderedManifests.StaticCerts);

        var secret = rendered.Named("Secret", ManifestFacts.TlsSecret);
        var webhook = Assert.Single(rendered.Single("MutatingWebhookConfiguration").Items("webhooks"));

        Assert.Equal(DecodedData(secret, "ca.crt"), Decode(webhook.Str("clientConfig.caBundle")));
    }

    private static string DecodedData(JsonNode secret, string key) =>
        Decode(secret.At("data")?[key]?.GetValue<string>());

    // kustomize wraps long base64 values over lines; the API server ignores the line breaks, and so does this.
    private static string Decode(string? base64)
    {
        Assert.NotNull(base64);
        var compact = string.Concat(base64.Where(c => !char.IsWhiteSpace(c)));
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(compact));
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}

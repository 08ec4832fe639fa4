using System.Text.Json.Nodes;

using SecretInjector.Manifests;

namespace SecretInjector.Tests.Manifests;

public sealed class ConfigMapTests
{
    private static readonly string[] SettingsKeys =
    [
        "agentUser", "defaultMode", "defaultMountPath", "image", "imagePullPolicy", "limits",
        "minRefreshIntervalSeconds", "nativeSidecars", "requests", "secretsVolumeSizeLimit",
    ];

    [Fact]
    public void Render_PolicyConfigMap_HasAFixedNameAndShipsInAuditMode()
    {
        var rendered = RenderedManifests.Of(RenderedManifests.Base);

        var policy = DataFile(rendered.Named("ConfigMap", ManifestFacts.PolicyConfigMap), "policy.yaml");

        Assert.Equal("audit", policy.Str("enforcement"));
        Assert.NotEmpty(policy.Items("rules"));
        Assert.All(policy.Items("rules"), rule =>
        {
            Assert.NotEmpty(rule.Strings("namespaces"));
            Assert.NotEmpty(rule.Strings("allowedRoles"));
            Assert.NotEmpty(rule.Strings("allowedSecrets"));
        });
    }

    [Fact]
    public void Render_SettingsConfigMap_IsHashedAndUsesTheWebhookImage()
    {
        var rendered = RenderedManifests.Of(RenderedManifests.Base);
        var configMap = Assert.Single(
            rendered.OfKind("ConfigMap"),
            c => c.Str("metadata.name")!.StartsWith(ManifestFacts.SettingsConfigMap + "-", StringComparison.Ordinal));
        var container = Assert.Single(rendered.Single("Deployment").Items("spec.template.spec.containers"));

        var settings = DataFile(configMap, "settings.yaml");

        Assert.Equal(SettingsKeys, settings.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(container.Str("image"), settings.Str("image"));
        Assert.Equal(ManifestFacts.AgentUser, settings.Int("agentUser"));
    }

    private static JsonNode DataFile(JsonNode configMap, string key)
    {
        // Data keys hold dots, so they are read by indexer rather than by dotted path.
        var yaml = configMap.At("data")?[key]?.GetValue<string>();
        Assert.True(yaml is not null, $"ConfigMap {configMap.Str("metadata.name")} has no data key {key}");
        return Assert.Single(YamlReader.ReadAll(yaml).Select(d => d.Root).OfType<JsonNode>().ToList());
    }
}

using System.Text.Json.Nodes;

namespace SecretInjector.Tests.Manifests;

public sealed class WebhookConfigurationTests
{
    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_Webhook_HasTheSafetySettings(string kustomization)
    {
        var webhook = OnlyWebhook(kustomization);

        Assert.Equal(ManifestFacts.WebhookName, webhook.Str("name"));
        Assert.Equal(["v1"], webhook.Strings("admissionReviewVersions"));
        Assert.Equal("None", webhook.Str("sideEffects"));
        Assert.Equal("Fail", webhook.Str("failurePolicy"));
        Assert.Equal("Equivalent", webhook.Str("matchPolicy"));
        Assert.Equal("IfNeeded", webhook.Str("reinvocationPolicy"));
        Assert.Equal(5, webhook.Int("timeoutSeconds"));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_WebhookRules_ArePodCreateOnly(string kustomization)
    {
        var rules = OnlyWebhook(kustomization).Items("rules");

        var rule = Assert.Single(rules);
        Assert.Equal([""], rule.Strings("apiGroups"));
        Assert.Equal(["v1"], rule.Strings("apiVersions"));
        Assert.Equal(["CREATE"], rule.Strings("operations"));
        Assert.Equal(["pods"], rule.Strings("resources"));
        Assert.Equal("Namespaced", rule.Str("scope"));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_NamespaceSelector_RequiresOptInAndExcludesKubeSystemAndOwnNamespace(string kustomization)
    {
        var webhook = OnlyWebhook(kustomization);
        var ownNamespace = webhook.Str("clientConfig.service.namespace");

        var selector = webhook.At("namespaceSelector");
        var expressions = selector.Items("matchExpressions");

        Assert.Null(selector.At("matchLabels"));
        Assert.Equal(2, expressions.Count);
        var optIn = Assert.Single(expressions, e => e.Str("key") == ManifestFacts.OptInLabel);
        Assert.Equal("In", optIn.Str("operator"));
        Assert.Equal(["enabled"], optIn.Strings("values"));
        var byName = Assert.Single(expressions, e => e.Str("key") == "kubernetes.io/metadata.name");
        Assert.Equal("NotIn", byName.Str("operator"));
        Assert.Contains("kube-system", byName.Strings("values"));
        Assert.Contains(ownNamespace!, byName.Strings("values"));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_ClientConfig_CallsTheServiceOnTheWebhookPort(string kustomization)
    {
        var rendered = RenderedManifests.Of(kustomization);
        var webhook = OnlyWebhook(kustomization);

        var service = rendered.Named("Service", webhook.Str("clientConfig.service.name")!);
        var port = Assert.Single(service.Items("spec.ports"));
        var container = Assert.Single(rendered.Single("Deployment").Items("spec.template.spec.containers"));
        var containerPort = Assert.Single(container.Items("ports"));

        Assert.Null(webhook.At("clientConfig.url"));
        Assert.Equal("/mutate", webhook.Str("clientConfig.service.path"));
        Assert.Equal(ManifestFacts.Namespace, webhook.Str("clientConfig.service.namespace"));
        Assert.Equal(service.Str("metadata.namespace"), webhook.Str("clientConfig.service.namespace"));
        Assert.Equal(443, webhook.Int("clientConfig.service.port"));
        Assert.Equal(443, port.Int("port"));
        Assert.Equal(containerPort.Str("name"), port.Str("targetPort"));
        Assert.Equal(ManifestFacts.ContainerPort, containerPort.Int("containerPort"));
    }

    [Fact]
    public void Render_Base_HasNoCaBundleAndNoCaInjection()
    {
        var rendered = RenderedManifests.Of(RenderedManifests.Base);

        var configuration = rendered.Single("MutatingWebhookConfiguration");

        Assert.Null(OnlyWebhook(RenderedManifests.Base).At("clientConfig.caBundle"));
        Assert.Null(configuration.At("metadata.annotations"));
    }

    private static JsonNode OnlyWebhook(string kustomization)
    {
        var configuration = RenderedManifests.Of(kustomization).Single("MutatingWebhookConfiguration");
        return Assert.Single(configuration.Items("webhooks"));
    }
}

using System.Text.Json.Nodes;
using SecretInjector.Tests.TestSupport;

using SecretInjector.Manifests;

namespace SecretInjector.Tests.Manifests;

public sealed class ManifestSchemaTests
{
    [Fact]
    public void Discover_ManifestsFolder_FindsBaseAndBothCertificateOverlays()
    {
        var found = Kustomize.Discover(RepoPaths.Manifests);

        Assert.Equal(
            [RenderedManifests.Base, RenderedManifests.CertManager, RenderedManifests.StaticCerts],
            found);
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_EveryKustomization_EveryObjectMatchesTheStrictSchemaOfItsKind(string kustomization)
    {
        var rendered = RenderedManifests.Of(kustomization);

        var problems = rendered.Objects
            .SelectMany(o => KubernetesSchemas.Problems(o).Select(p => $"{o.Str("kind")} {o.Str("metadata.name")}: {p}"))
            .ToList();

        Assert.NotEmpty(rendered.Objects);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_EveryKustomization_HasTheInstallKinds(string kustomization)
    {
        var kinds = RenderedManifests.Of(kustomization).Objects.Select(o => o.Str("kind")).ToHashSet();

        string[] required =
        [
            "Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Service",
            "Deployment", "PodDisruptionBudget", "NetworkPolicy", "MutatingWebhookConfiguration",
        ];
        Assert.All(required, kind => Assert.Contains(kind, kinds));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_NamespacedObjects_AreInTheInjectorNamespace(string kustomization)
    {
        var rendered = RenderedManifests.Of(kustomization);
        string[] clusterScoped = ["Namespace", "ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration"];

        var misplaced = rendered.Objects
            .Where(o => !clusterScoped.Contains(o.Str("kind")) && o.Str("metadata.namespace") != ManifestFacts.Namespace)
            .Select(o => $"{o.Str("kind")} {o.Str("metadata.name")} in '{o.Str("metadata.namespace")}'")
            .ToList();

        Assert.True(misplaced.Count == 0, string.Join(", ", misplaced));
    }

    [Theory]
    [InlineData("unknownField: 1")]
    [InlineData("replicas: \"2\"")]
    public void Problems_DeploymentWithWrongField_IsReported(string specLine)
    {
        var yaml = $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: x
            spec:
              {specLine}
              selector:
                matchLabels: {"{"}app: x{"}"}
              template:
                metadata:
                  labels: {"{"}app: x{"}"}
                spec:
                  containers:
                    - name: x
                      image: x
            """;

        var problems = KubernetesSchemas.Problems(YamlReader.ReadAll(yaml).Select(d => d.Root).OfType<JsonNode>().ToList().Single());

        Assert.NotEmpty(problems);
    }

    [Fact]
    public void Problems_ValidDeployment_IsEmpty()
    {
        var yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: x
            spec:
              replicas: 2
              selector:
                matchLabels: {app: x}
              template:
                metadata:
                  labels: {app: x}
                spec:
                  containers:
                    - name: x
                      image: x
            """;

        var problems = KubernetesSchemas.Problems(YamlReader.ReadAll(yaml).Select(d => d.Root).OfType<JsonNode>().ToList().Single());

        Assert.Empty(problems);
    }

    [Fact]
    public void Problems_KindWithoutSchema_IsReported()
    {
        var problems = KubernetesSchemas.Problems(JsonNode.Parse("""{"apiVersion":"v1","kind":"Mystery"}""")!);

        Assert.Contains(problems, p => p.Contains("Mystery", StringComparison.Ordinal));
    }
}

namespace SecretInjector.Tests.Manifests;

public sealed class RbacTests
{
    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_ClusterRole_GrantsExactlyReadOfTheCachedResources(string kustomization)
    {
        var role = RenderedManifests.Of(kustomization).Single("ClusterRole");

        var grants = role.Items("rules")
            .SelectMany(rule =>
                from apiGroup in rule.Strings("apiGroups")
                from resource in rule.Strings("resources")
                from verb in rule.Strings("verbs")
                select $"{apiGroup}/{resource}:{verb}")
            .Order(StringComparer.Ordinal)
            .ToList();

        string[] expected =
        [
            "/namespaces:get", "/namespaces:list", "/namespaces:watch",
            "/serviceaccounts:get", "/serviceaccounts:list", "/serviceaccounts:watch",
            "secrets-store.csi.x-k8s.io/secretproviderclasses:get",
            "secrets-store.csi.x-k8s.io/secretproviderclasses:list",
            "secrets-store.csi.x-k8s.io/secretproviderclasses:watch",
        ];
        Assert.Equal(expected, grants);
        Assert.All(role.Items("rules"), rule =>
        {
            Assert.Null(rule.At("resourceNames"));
            Assert.Null(rule.At("nonResourceURLs"));
        });
        Assert.Null(role.At("aggregationRule"));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_Rbac_BindsTheRoleOnlyToTheWebhookServiceAccount(string kustomization)
    {
        var rendered = RenderedManifests.Of(kustomization);

        var binding = rendered.Single("ClusterRoleBinding");
        var subject = Assert.Single(binding.Items("subjects"));
        var deployment = rendered.Single("Deployment");

        Assert.Empty(rendered.OfKind("Role"));
        Assert.Empty(rendered.OfKind("RoleBinding"));
        Assert.Equal("ClusterRole", binding.Str("roleRef.kind"));
        Assert.Equal(rendered.Single("ClusterRole").Str("metadata.name"), binding.Str("roleRef.name"));
        Assert.Equal("ServiceAccount", subject.Str("kind"));
        Assert.Equal(deployment.Str("spec.template.spec.serviceAccountName"), subject.Str("name"));
        Assert.Equal(deployment.Str("metadata.namespace"), subject.Str("namespace"));
        Assert.Equal(subject.Str("name"), rendered.Single("ServiceAccount").Str("metadata.name"));
    }
}

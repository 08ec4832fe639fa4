namespace SecretInjector.Tests.Manifests;

public sealed class PodDisruptionBudgetTests
{
    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_Pdb_KeepsOneReplicaAvailable(string kustomization)
    {
        var rendered = RenderedManifests.Of(kustomization);

        var pdb = rendered.Single("PodDisruptionBudget");
        var replicas = rendered.Single("Deployment").Int("spec.replicas");

        Assert.Equal(1, pdb.Int("spec.minAvailable"));
        Assert.Null(pdb.At("spec.maxUnavailable"));
        Assert.True(replicas > pdb.Int("spec.minAvailable"), $"replicas {replicas} leave no room for a voluntary disruption");
        Assert.Equal("AlwaysAllow", pdb.Str("spec.unhealthyPodEvictionPolicy"));
    }
}

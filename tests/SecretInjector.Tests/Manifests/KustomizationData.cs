using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Manifests;

/// <summary>Theory rows: every kustomization under <c>manifests/</c>, so a new overlay is checked without a test edit.</summary>
public static class KustomizationData
{
    public static TheoryData<string> All() => new(Kustomize.Discover(RepoPaths.Manifests));
}

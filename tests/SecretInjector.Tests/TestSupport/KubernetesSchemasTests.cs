using System.Text.Json.Nodes;

namespace SecretInjector.Tests.TestSupport;

/// <summary>The schema check the other tests lean on must be able to fail.</summary>
public sealed class KubernetesSchemasTests
{
    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"a","image":"x","volumeMount":[]}]}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"a","image":"x","securityContext":{"runAsUser":"1000"}}]}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"volumes":[{"name":"v","emptyDir":{"medium":"Memory","size":"1Mi"}}],"containers":[]}}""")]
    public void Errors_InvalidPod_AreReported(string json)
    {
        var errors = KubernetesSchemas.Problems(JsonNode.Parse(json)!);

        Assert.NotEmpty(errors);
    }
}

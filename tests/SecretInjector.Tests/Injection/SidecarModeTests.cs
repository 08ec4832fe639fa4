using System.Text.Json.Nodes;
using SecretInjector.Cluster;
using SecretInjector.Configuration;
using SecretInjector.Injection;
using SecretInjector.Policy;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Injection;

public sealed class SidecarModeTests
{
    private const string P = Annotations.Prefix;

    private static readonly ObjectsFileClusterSource Cluster =
        ObjectsFileClusterSource.Load(RepoPaths.Fixture("admission", "cluster-state.yaml"));

    private static readonly PolicyDocument Policy =
        PolicyParser.Parse(File.ReadAllText(RepoPaths.Fixture("admission", "policy.yaml")), "policy.yaml");

    [Fact]
    public void Decide_FixtureThree_PutsFetchThenNativeRefreshBeforeTheExistingSidecar()
    {
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review("03-pod-create-deployment-sidecar-mode-existing-native-sidecar.json"));

        var decision = InjectionDecider.Decide(input, new DecisionContext(new InjectorOptions(), Cluster, Policy));
        var pod = Pods.Patched(input.Pod!, decision);

        Assert.True(decision.Allowed, decision.Message);
        var inits = pod["spec"]!["initContainers"]!.AsArray();
        Assert.Equal([InjectedNames.FetchContainer, InjectedNames.RefreshContainer, "logshipper"], inits.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("Always", inits[1]!["restartPolicy"]!.GetValue<string>());
        Assert.Null(inits[0]!["restartPolicy"]);
        var refreshArgs = inits[1]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(["fetch", "--out", "/secret-injector/secrets", "--file-mode", "0440", "--refresh-interval", "60s"], refreshArgs);
        var containers = pod["spec"]!["containers"]!.AsArray();
        Assert.Contains(containers[0]!["volumeMounts"]!.AsArray(), m => m!["mountPath"]!.GetValue<string>() == "/etc/orders/secrets" && m["readOnly"]!.GetValue<bool>());
        Assert.DoesNotContain((containers[1]!["volumeMounts"] as JsonArray) ?? [], m => m!["name"]!.GetValue<string>() == InjectedNames.SecretsVolume);
        Assert.Empty(KubernetesSchemas.Problems(pod));

        var again = InjectionDecider.Decide(input with { Pod = pod }, new DecisionContext(new InjectorOptions(), Cluster, Policy));
        Assert.Empty(again.Patch);
    }

    [Fact]
    public void Decide_ClassicSidecarsSetting_AppendsTheRefreshLoopToContainers()
    {
        var pod = Pods.OptedIn((P + "mode", "sidecar"), (P + "refresh-interval", "1m"));

        var decision = Pods.Decide(pod, new InjectorOptions { NativeSidecars = false });
        var patched = Pods.Patched(pod, decision);

        var containers = patched["spec"]!["containers"]!.AsArray();
        Assert.Equal(["app", InjectedNames.RefreshContainer], containers.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Null(containers[1]!["restartPolicy"]);
        Assert.Equal([InjectedNames.FetchContainer], patched["spec"]!["initContainers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Empty(KubernetesSchemas.Problems(patched));
    }

    [Theory]
    [InlineData("Never")]
    [InlineData("OnFailure")]
    public void Decide_ClassicSidecarInRunToCompletionPod_IsDeniedSayingWhy(string restartPolicy)
    {
        var pod = Pods.OptedIn((P + "mode", "sidecar"));
        pod["spec"]!["restartPolicy"] = restartPolicy;

        var decision = Pods.Decide(pod, new InjectorOptions { NativeSidecars = false });

        Assert.False(decision.Allowed);
        Assert.Equal(400, decision.Code);
        Assert.Contains($"restartPolicy {restartPolicy}", decision.Message, StringComparison.Ordinal);
        Assert.Contains("use mode init", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NativeSidecarInRunToCompletionPod_IsInjected()
    {
        var pod = Pods.OptedIn((P + "mode", "sidecar"));
        pod["spec"]!["restartPolicy"] = "Never";

        var decision = Pods.Decide(pod);

        Assert.True(decision.Allowed, decision.Message);
        Assert.NotEmpty(decision.Patch);
    }

    [Fact]
    public void Decide_SidecarWithoutInterval_RefreshesEveryFiveMinutes()
    {
        var pod = Pods.OptedIn((P + "mode", "sidecar"));

        var patched = Pods.Patched(pod, Pods.Decide(pod));

        var args = patched["spec"]!["initContainers"]![1]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal("300s", args[^1]);
    }
}

using System.Text.Json.Nodes;

namespace SecretInjector.Tests.Manifests;

public sealed class DeploymentTests
{
    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_Deployment_RunsTwoReplicasSpreadOverNodes(string kustomization)
    {
        var deployment = RenderedManifests.Of(kustomization).Single("Deployment");
        var pod = deployment.At("spec.template.spec");

        var term = Assert.Single(pod.Items("affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"));

        Assert.True(deployment.Int("spec.replicas") >= 2, $"replicas: {deployment.At("spec.replicas")}");
        Assert.Equal(0, deployment.Int("spec.strategy.rollingUpdate.maxUnavailable"));
        Assert.Null(pod.At("affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"));
        Assert.Equal("kubernetes.io/hostname", term.Str("podAffinityTerm.topologyKey"));
        Assert.Equal(
            deployment.At("spec.selector.matchLabels")!.ToJsonString(),
            term.At("podAffinityTerm.labelSelector.matchLabels")!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_PodSecurityContext_IsRestricted(string kustomization)
    {
        var pod = RenderedManifests.Of(kustomization).Single("Deployment").At("spec.template.spec");

        Assert.True(pod.Bool("securityContext.runAsNonRoot"));
        Assert.Equal(ManifestFacts.AgentUser, pod.Int("securityContext.runAsUser"));
        Assert.Equal("RuntimeDefault", pod.Str("securityContext.seccompProfile.type"));
        Assert.Null(pod.At("hostNetwork"));
        Assert.Null(pod.At("priorityClassName"));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_Container_IsLockedDown(string kustomization)
    {
        var container = OnlyContainer(kustomization);
        var context = container.At("securityContext");

        Assert.True(context.Bool("runAsNonRoot"));
        Assert.Equal(ManifestFacts.AgentUser, context.Int("runAsUser"));
        Assert.False(context.Bool("allowPrivilegeEscalation"));
        Assert.True(context.Bool("readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], context.Strings("capabilities.drop"));
        Assert.Empty(context.Items("capabilities.add"));
        Assert.Equal("RuntimeDefault", context.Str("seccompProfile.type"));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_Container_HasRequestsAndLimits(string kustomization)
    {
        var resources = OnlyContainer(kustomization).At("resources");

        Assert.All(
            ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"],
            path => Assert.False(string.IsNullOrEmpty(resources.Str(path)), $"resources.{path} is not set"));
    }

    [Theory]
    [InlineData("readinessProbe", "/readyz")]
    [InlineData("livenessProbe", "/healthz")]
    [InlineData("startupProbe", "/healthz")]
    public void Render_Probe_UsesHttpsOnTheWebhookPort(string probe, string path)
    {
        var container = OnlyContainer(RenderedManifests.Base);

        Assert.Equal(path, container.Str($"{probe}.httpGet.path"));
        Assert.Equal("HTTPS", container.Str($"{probe}.httpGet.scheme"));
        Assert.Equal(Assert.Single(container.Items("ports")).Str("name"), container.Str($"{probe}.httpGet.port"));
    }

    [Fact]
    public void Render_TerminationGrace_OutlastsPreStopAndShutdownDrain()
    {
        var deployment = RenderedManifests.Of(RenderedManifests.Base).Single("Deployment");
        var preStop = OnlyContainer(RenderedManifests.Base).Int("lifecycle.preStop.sleep.seconds") ?? 0;

        var grace = deployment.Int("spec.template.spec.terminationGracePeriodSeconds");

        Assert.True(
            grace > preStop + ManifestFacts.ShutdownDrainSeconds,
            $"terminationGracePeriodSeconds {grace} must exceed preStop {preStop}s + drain {ManifestFacts.ShutdownDrainSeconds}s");
    }

    [Fact]
    public void Render_ServeArguments_PointIntoTheMountedVolumes()
    {
        var container = OnlyContainer(RenderedManifests.Base);
        var args = container.Strings("args");
        var mounts = container.Items("volumeMounts");

        Assert.Equal("serve", args[0]);
        Assert.Null(container.At("command"));
        Assert.Equal("https://0.0.0.0:8443", ArgumentValue(args, "--urls"));
        Assert.All(["--tls-cert", "--tls-key", "--config", "--policy"], flag =>
        {
            var file = ArgumentValue(args, flag);
            Assert.Contains(mounts, m => Path.GetDirectoryName(file) == m.Str("mountPath"));
        });

        // A subPath mount never sees ConfigMap or Secret updates, and both policy and certificates are reloaded.
        Assert.All(mounts, m => Assert.Null(m.At("subPath")));
        Assert.All(mounts, m => Assert.True(m.Bool("readOnly") ?? m.Str("name") == "tmp", $"{m.Str("name")} is writable"));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_Volumes_UseTheTlsSecretAndTheRenderedConfigMaps(string kustomization)
    {
        var rendered = RenderedManifests.Of(kustomization);
        var volumes = rendered.Single("Deployment").Items("spec.template.spec.volumes");

        var configMapNames = rendered.OfKind("ConfigMap").Select(c => c.Str("metadata.name")).ToList();

        Assert.Contains(volumes, v => v.Str("secret.secretName") == ManifestFacts.TlsSecret);
        Assert.All(
            volumes.Where(v => v.At("configMap") is not null),
            v => Assert.Contains(v.Str("configMap.name"), configMapNames));
    }

    [Theory]
    [MemberData(nameof(KustomizationData.All), MemberType = typeof(KustomizationData))]
    public void Render_Selector_MatchesThePodTemplateTheServiceAndThePdb(string kustomization)
    {
        var rendered = RenderedManifests.Of(kustomization);
        var deployment = rendered.Single("Deployment");
        var selector = deployment.At("spec.selector.matchLabels")!.AsObject();

        var podLabels = deployment.At("spec.template.metadata.labels")!.AsObject();

        Assert.All(selector, label => Assert.Equal(label.Value!.ToJsonString(), podLabels[label.Key]?.ToJsonString()));
        Assert.Equal(selector.ToJsonString(), rendered.Single("Service").At("spec.selector")!.ToJsonString());
        Assert.Equal(selector.ToJsonString(), rendered.Single("PodDisruptionBudget").At("spec.selector.matchLabels")!.ToJsonString());
        Assert.Equal(selector.ToJsonString(), rendered.Single("NetworkPolicy").At("spec.podSelector.matchLabels")!.ToJsonString());
    }

    private static JsonNode OnlyContainer(string kustomization)
    {
        var pod = RenderedManifests.Of(kustomization).Single("Deployment").At("spec.template.spec");
        Assert.Empty(pod.Items("initContainers"));
        return Assert.Single(pod.Items("containers"));
    }

    private static string ArgumentValue(IReadOnlyList<string> args, string flag)
    {
        var index = args.ToList().IndexOf(flag);
        Assert.True(index >= 0 && index + 1 < args.Count, $"{flag} is missing from args: {string.Join(' ', args)}");
        return args[index + 1];
    }
}

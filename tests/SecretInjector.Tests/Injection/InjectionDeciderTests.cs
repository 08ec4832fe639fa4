using System.Text.Json.Nodes;
using SecretInjector.Configuration;
using SecretInjector.Injection;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Injection;

public sealed class InjectionDeciderTests
{
    private const string P = Annotations.Prefix;

    private const string FixtureSix = "06-pod-create-cronjob-job-invalid-secret-name.json";

    /// <summary>
    /// Without cluster objects and policy, every fixture is admitted but 06, whose annotation no cluster or policy
    /// makes valid (<see cref="Decide_FixtureSix_DeniesNamingTheAnnotation"/>).
    /// </summary>
    public static TheoryData<string> AdmittedFixtureNames() => [.. AdmissionFixtures.Names().Where(n => n != FixtureSix)];

    [Theory]
    [MemberData(nameof(AdmittedFixtureNames))]
    public void Decide_AdmissionFixture_PatchAppliesValidatesAndIsEmptyOnReinvocation(string name)
    {
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review(name));
        var context = new DecisionContext(new InjectorOptions());

        var decision = InjectionDecider.Decide(input, context);
        var patched = Pods.Patched(input.Pod!, decision);
        var again = InjectionDecider.Decide(input with { Pod = patched }, context);

        Assert.True(decision.Allowed, decision.Message);
        Assert.Empty(KubernetesSchemas.Problems(patched));
        Assert.True(again.Allowed, again.Message);
        Assert.Empty(again.Patch);
    }

    [Fact]
    public void Decide_FixtureOne_InjectsFetchFirstWithIrsaAndReadOnlyMount()
    {
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json"));

        var decision = InjectionDecider.Decide(input, new DecisionContext(new InjectorOptions()));
        var pod = Pods.Patched(input.Pod!, decision);

        var fetch = pod["spec"]!["initContainers"]![0]!.AsObject();
        Assert.Equal(InjectedNames.FetchContainer, fetch["name"]!.GetValue<string>());
        Assert.Equal("fetch", fetch["args"]![0]!.GetValue<string>());
        var env = fetch["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("AWS_ROLE_ARN", env);
        Assert.Contains("AWS_WEB_IDENTITY_TOKEN_FILE", env);
        Assert.Contains(fetch["volumeMounts"]!.AsArray(), m => m!["name"]!.GetValue<string>() == "aws-iam-token");
        var mount = pod["spec"]!["containers"]![0]!["volumeMounts"]!.AsArray().Last()!;
        Assert.Equal("/mnt/secrets", mount["mountPath"]!.GetValue<string>());
        Assert.True(mount["readOnly"]!.GetValue<bool>());
        var volume = pod["spec"]!["volumes"]!.AsArray().Last()!;
        Assert.Equal("Memory", volume["emptyDir"]!["medium"]!.GetValue<string>());
        Assert.Equal("injected", pod["metadata"]!["annotations"]![Annotations.Status]!.GetValue<string>());
    }

    [Fact]
    public void Decide_FixtureSix_DeniesNamingTheAnnotation()
    {
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review(FixtureSix));

        var decision = InjectionDecider.Decide(input, new DecisionContext(new InjectorOptions()));

        Assert.False(decision.Allowed);
        Assert.Equal(400, decision.Code);
        Assert.Contains("secret-injector.io/secret-Report_DB", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DryRun_GivesTheSamePatch()
    {
        var review = AdmissionFixtures.Review("07-pod-create-bare-pod-kubectl-server-dry-run.json");
        var input = AdmissionFixtures.Input(review);
        var context = new DecisionContext(new InjectorOptions());

        var dry = InjectionDecider.Decide(input, context);
        var wet = InjectionDecider.Decide(input with { DryRun = false }, context);

        Assert.True(input.DryRun);
        Assert.True(dry.Allowed, dry.Message);
        Assert.NotEmpty(dry.Patch);
        Assert.Equal(Serialize(wet), Serialize(dry));
    }

    [Theory]
    [InlineData("UPDATE", "pods", null)]
    [InlineData("DELETE", "pods", null)]
    [InlineData("CREATE", "deployments", null)]
    [InlineData("CREATE", "pods", "ephemeralcontainers")]
    public void Decide_NotAPodCreate_AllowsUnchanged(string operation, string resource, string? subResource)
    {
        var input = new AdmissionInput(Pods.OptedIn(), "payments", operation, resource, subResource, false);

        var decision = InjectionDecider.Decide(input, new DecisionContext(new InjectorOptions()));

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Patch);
        Assert.Equal(DecisionReasons.NotPodCreate, decision.Reason);
    }

    [Fact]
    public void Decide_PodWithoutAnyArrays_CreatesThemWhole()
    {
        var pod = Pods.OptedIn();

        var decision = Pods.Decide(pod);

        Assert.Equal(["/spec/containers/0/volumeMounts", "/spec/volumes", "/spec/initContainers", "/metadata/annotations/secret-injector.io~1status", "/metadata/annotations/secret-injector.io~1file-mode"],
            decision.Patch.Select(o => o.Path));
        Assert.All(decision.Patch, o => Assert.Equal("add", o.Op));
        Assert.Empty(KubernetesSchemas.Problems(Pods.Patched(pod, decision)));
    }

    [Theory]
    [InlineData("volumes", """{"mine":"keep"}""", "spec.volumes must be a list, not an object")]
    [InlineData("initContainers", "\"keep-me\"", "spec.initContainers must be a list, not a string")]
    [InlineData("initContainers", "[7]", "spec.initContainers[0] must be an object, not a number")]
    [InlineData("containers", "[]", "spec.containers is empty")]
    [InlineData("containers", """[{"name":"app","image":"a","volumeMounts":{"m":1}}]""", "spec.containers[0].volumeMounts must be a list, not an object")]
    [InlineData("containers", """[{"name":"app","image":"a","env":"X=1"}]""", "spec.containers[0].env must be a list, not a string")]
    public void Decide_MemberThePatchWouldReplace_IsDeniedNamingIt(string member, string json, string expected)
    {
        var pod = Pods.OptedIn();
        pod["spec"]![member] = JsonNode.Parse(json);

        var decision = Pods.Decide(pod);

        Assert.False(decision.Allowed);
        Assert.Equal(400, decision.Code);
        Assert.Equal(DecisionReasons.InvalidPod, decision.Reason);
        Assert.Contains(expected, decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ThousandsOfBadAnnotations_DenialMessageStaysShort()
    {
        var pod = Pods.OptedIn([.. Enumerable.Range(0, 5_000).Select(i => (P + $"unknown-{i}", "x"))]);

        var decision = Pods.Decide(pod);

        Assert.False(decision.Allowed);
        Assert.True(decision.Message!.Length <= Decision.MaxMessageLength, $"{decision.Message.Length} characters");
        Assert.Contains("unknown annotation", decision.Message, StringComparison.Ordinal);
        Assert.EndsWith("more characters cut)", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AgentOtlpEndpointSet_GivesTheAgentTheStandardVariablesAndThePodsIdentity()
    {
        var pod = Pods.OptedIn();

        var decision = Pods.Decide(pod, new InjectorOptions { AgentOtlpEndpoint = "http://otel-collector.monitoring:4318" });
        var patched = Pods.Patched(pod, decision);

        var env = patched["spec"]!["initContainers"]![0]!["env"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var names = env.Select(e => e["name"]!.GetValue<string>()).ToList();
        Assert.Equal("http://otel-collector.monitoring:4318", env.Single(e => e["name"]!.GetValue<string>() == "OTEL_EXPORTER_OTLP_ENDPOINT")["value"]!.GetValue<string>());
        Assert.Equal("metadata.name", env.Single(e => e["name"]!.GetValue<string>() == "SECRET_INJECTOR_POD_NAME")["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>());
        // $(VAR) expands only from variables defined earlier in the list.
        Assert.True(names.IndexOf("SECRET_INJECTOR_POD_NAME") < names.IndexOf("OTEL_RESOURCE_ATTRIBUTES"));
        Assert.Empty(KubernetesSchemas.Problems(patched));
        Assert.Empty(Pods.Decide(patched, new InjectorOptions { AgentOtlpEndpoint = "http://otel-collector.monitoring:4318" }).Patch);
    }

    [Fact]
    public void Decide_AgentOtlpEndpointUnset_AddsNoTelemetryVariables()
    {
        var pod = Pods.OptedIn();

        var patched = Pods.Patched(pod, Pods.Decide(pod));

        Assert.DoesNotContain(patched["spec"]!["initContainers"]![0]!["env"]!.AsArray(), e => e!["name"]!.GetValue<string>().StartsWith("OTEL_", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_MembersThatAreJsonNull_CountAsAbsent()
    {
        var pod = Pods.OptedIn();
        pod["spec"]!["volumes"] = null;
        pod["spec"]!["initContainers"] = null;

        var decision = Pods.Decide(pod);

        Assert.True(decision.Allowed, decision.Message);
        Assert.Empty(KubernetesSchemas.Problems(Pods.Patched(pod, decision)));
    }

    [Fact]
    public void Decide_WrongShapeWithoutOptIn_PassesThroughForTheApiServerToJudge()
    {
        var pod = Pods.With();
        pod["spec"]!["volumes"] = "not a list";

        var decision = Pods.Decide(pod);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Patch);
    }

    [Theory]
    [InlineData("mode", "sidecar", "mode sidecar, but there is no secret-injector-refresh container")]
    [InlineData("mount-path", "/elsewhere", "the secrets at /elsewhere in container app, where they are not mounted")]
    [InlineData("file-mode", "0440", "file-mode 0440, but the files are written with")]
    public void Decide_InjectedPodWhoseAnnotationsChangedSince_IsDeniedSayingWhat(string annotation, string value, string expected)
    {
        var pod = Pods.OptedIn();
        var injected = Pods.Patched(pod, Pods.Decide(pod));
        injected["metadata"]!["annotations"]![P + annotation] = value;

        var decision = Pods.Decide(injected);

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionReasons.Conflict, decision.Reason);
        Assert.Contains("it is already injected, but not as its annotations now ask", decision.Message, StringComparison.Ordinal);
        Assert.Contains(expected, decision.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("init", false)]
    [InlineData("sidecar", false)]
    [InlineData("init", true)]
    public void Decide_InjectedPodAnotherWebhookAddedContainersTo_GetsNoPatch(string mode, bool proxyFirst)
    {
        var pod = Pods.OptedIn((P + "mode", mode));
        var injected = Pods.Patched(pod, Pods.Decide(pod));
        // What a service mesh or a vault agent does after us, before the API server invokes us again.
        var proxy = new JsonObject { ["name"] = "istio-proxy", ["image"] = "proxyv2" };
        var containers = injected["spec"]!["containers"]!.AsArray();
        if (proxyFirst)
            containers.Insert(0, proxy);
        else
            containers.Add(proxy);
        injected["spec"]!["initContainers"]!.AsArray().Add(new JsonObject { ["name"] = "istio-init", ["image"] = "proxyv2" });
        injected["metadata"]!["annotations"]!["sidecar.istio.io/status"] = "{}";

        var again = Pods.Decide(injected);

        Assert.True(again.Allowed, again.Message);
        Assert.Empty(again.Patch);
    }

    [Fact]
    public void Decide_DefaultMountPathWithTrailingSlash_InjectsTheCleanPathAndReinvokesEmpty()
    {
        var options = new InjectorOptions { DefaultMountPath = "/var/run/secrets/app/" };
        var pod = Pods.OptedIn();
        var injected = Pods.Patched(pod, Pods.Decide(pod, options));

        var again = Pods.Decide(injected, options);

        Assert.Equal("/var/run/secrets/app", injected["spec"]!["containers"]![0]!["volumeMounts"]![0]!["mountPath"]!.GetValue<string>());
        Assert.True(again.Allowed, again.Message);
        Assert.Empty(again.Patch);
    }

    [Fact]
    public void Decide_InjectedClassicSidecarPodSentBack_GetsNoPatch()
    {
        var options = new InjectorOptions { NativeSidecars = false };
        var pod = Pods.OptedIn((P + "mode", "sidecar"));
        var injected = Pods.Patched(pod, Pods.Decide(pod, options));

        var again = Pods.Decide(injected, options);

        Assert.True(again.Allowed, again.Message);
        Assert.Empty(again.Patch);
    }

    [Fact]
    public void Decide_InjectedSidecarPodWithANewInterval_IsDeniedSayingWhat()
    {
        var pod = Pods.OptedIn((P + "mode", "sidecar"), (P + "refresh-interval", "5m"));
        var injected = Pods.Patched(pod, Pods.Decide(pod));
        injected["metadata"]!["annotations"]![P + "refresh-interval"] = "10m";

        var decision = Pods.Decide(injected);

        Assert.False(decision.Allowed);
        Assert.Contains("refresh-interval 600s, but the refresh container uses 300s", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ForgedStatusMarkWithoutParts_InjectsAnyway()
    {
        var pod = Pods.OptedIn((Annotations.Status, "injected"));

        var decision = Pods.Decide(pod);

        Assert.Equal(DecisionReasons.Injected, decision.Reason);
        Assert.NotEmpty(decision.Patch);
    }

    [Fact]
    public void Decide_AnnotationKeysWithSlashAndTilde_AreEscapedInPaths()
    {
        var pod = Pods.OptedIn(("example.com/a~b", "x"));

        var decision = Pods.Decide(pod);
        var patched = Pods.Patched(pod, decision);

        Assert.Contains(decision.Patch, o => o.Path == "/metadata/annotations/secret-injector.io~1status");
        Assert.Equal("x", patched["metadata"]!["annotations"]!["example.com/a~b"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("initContainers", InjectedNames.FetchContainer)]
    [InlineData("containers", InjectedNames.RefreshContainer)]
    public void Decide_PodAlreadyUsesAnInjectedContainerName_Denies(string list, string name)
    {
        var pod = Pods.OptedIn();
        var containers = pod["spec"]![list] as JsonArray ?? [];
        containers.Add(new JsonObject { ["name"] = name, ["image"] = "x" });
        pod["spec"]![list] = containers;

        var decision = Pods.Decide(pod);

        Assert.False(decision.Allowed);
        Assert.Contains($"already has a container named {name}", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PodAlreadyHasTheSecretsVolume_Denies()
    {
        var pod = Pods.OptedIn();
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = InjectedNames.SecretsVolume, ["emptyDir"] = new JsonObject() });

        var decision = Pods.Decide(pod);

        Assert.False(decision.Allowed);
        Assert.Contains("already has a volume named secret-injector-secrets", decision.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/mnt/secrets", "already mounts volume")]
    [InlineData("/mnt/secrets/", "already mounts volume")]
    [InlineData("/mnt/secrets/tls", "inside /mnt/secrets")]
    [InlineData("/mnt//secrets", "already mounts volume")]
    [InlineData("/mnt/x/../secrets", "already mounts volume")]
    [InlineData("/mnt/./secrets/./tls", "inside /mnt/secrets")]
    [InlineData("/mnt", "read-only at /mnt, so the runtime could not make /mnt/secrets inside it", true)]
    public void Decide_MountPathAlreadyUsed_Denies(string existing, string expected, bool readOnly = false)
    {
        var pod = Pods.OptedIn();
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "tls", ["emptyDir"] = new JsonObject() });
        pod["spec"]!["containers"]![0]!["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "tls", ["mountPath"] = existing, ["readOnly"] = readOnly });

        var decision = Pods.Decide(pod);

        Assert.False(decision.Allowed);
        Assert.Contains(expected, decision.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/var/run/secrets/eks.amazonaws.com/serviceaccount/token", "token")]
    [InlineData("/var/run/secrets/eks.amazonaws.com/serviceaccount", null)]
    public void Decide_IrsaTokenMountedAsFolderOrAsTheFileAlone_IsMountedInTheFetch(string mountPath, string? subPath)
    {
        var pod = PodWithIrsaToken(mountPath, subPath);

        var patched = Pods.Patched(pod, Pods.Decide(pod));

        var fetch = patched["spec"]!["initContainers"]![0]!;
        var mount = Assert.Single(fetch["volumeMounts"]!.AsArray(), m => m!["name"]!.GetValue<string>() == "aws-iam-token")!;
        Assert.Equal(mountPath, mount["mountPath"]!.GetValue<string>());
        Assert.Equal(subPath, mount["subPath"]?.GetValue<string>());
        Assert.Empty(KubernetesSchemas.Problems(patched));
    }

    [Fact]
    public void Decide_IrsaTokenWhereTheAgentWritesTheSecrets_IsDenied()
    {
        var pod = PodWithIrsaToken("/secret-injector/secrets/token", "token");

        var decision = Pods.Decide(pod);

        Assert.False(decision.Allowed);
        Assert.Contains("the pod's AWS token is mounted at /secret-injector/secrets/token", decision.Message, StringComparison.Ordinal);
    }

    private static JsonObject PodWithIrsaToken(string mountPath, string? subPath)
    {
        var pod = Pods.OptedIn();
        var tokenFile = subPath is null ? mountPath + "/token" : mountPath;
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject
        {
            ["name"] = "aws-iam-token",
            ["projected"] = new JsonObject
            {
                ["sources"] = new JsonArray(new JsonObject
                {
                    ["serviceAccountToken"] = new JsonObject { ["audience"] = "sts.amazonaws.com", ["expirationSeconds"] = 86400, ["path"] = "token" },
                }),
            },
        });
        var container = pod["spec"]!["containers"]![0]!;
        container["env"] = new JsonArray(
            new JsonObject { ["name"] = "AWS_ROLE_ARN", ["value"] = "arn:aws:iam::111122223333:role/app" },
            new JsonObject { ["name"] = "AWS_WEB_IDENTITY_TOKEN_FILE", ["value"] = tokenFile });
        var mount = new JsonObject { ["name"] = "aws-iam-token", ["mountPath"] = mountPath, ["readOnly"] = true };
        if (subPath is not null)
            mount["subPath"] = subPath;
        container["volumeMounts"] = new JsonArray(mount);
        return pod;
    }

    [Fact]
    public void Decide_MountPathInsideAWritableMount_IsAllowed()
    {
        var pod = Pods.OptedIn();
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["emptyDir"] = new JsonObject() });
        pod["spec"]!["containers"]![0]!["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = "/mnt" });

        var decision = Pods.Decide(pod);

        Assert.True(decision.Allowed, decision.Message);
        Assert.NotEmpty(decision.Patch);
    }

    [Fact]
    public void Decide_ContainersNamesAnInitContainer_MountsItAtItsShiftedIndex()
    {
        var pod = Pods.OptedIn((P + "containers", "migrate"));
        pod["spec"]!["initContainers"] = new JsonArray(
            new JsonObject { ["name"] = "wait", ["image"] = "x" },
            new JsonObject { ["name"] = "migrate", ["image"] = "x", ["volumeMounts"] = new JsonArray() });

        var patched = Pods.Patched(pod, Pods.Decide(pod));

        var inits = patched["spec"]!["initContainers"]!.AsArray();
        Assert.Equal([InjectedNames.FetchContainer, "wait", "migrate"], inits.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Single(inits[2]!["volumeMounts"]!.AsArray());
        Assert.Null(patched["spec"]!["containers"]![0]!["volumeMounts"]);
    }

    [Fact]
    public void Decide_ContainersNamesAMissingContainer_Denies()
    {
        var decision = Pods.Decide(Pods.OptedIn((P + "containers", "app,worker")));

        Assert.False(decision.Allowed);
        Assert.Contains("no container or init container named 'worker'", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PodRunsAsRootAtPodLevel_AgentStillRunsAsNonRoot()
    {
        var pod = Pods.OptedIn();
        pod["spec"]!["securityContext"] = new JsonObject { ["runAsUser"] = 0 };

        var patched = Pods.Patched(pod, Pods.Decide(pod));

        var context = patched["spec"]!["initContainers"]![0]!["securityContext"]!;
        Assert.Equal(65532, context["runAsUser"]!.GetValue<long>());
        Assert.True(context["runAsNonRoot"]!.GetValue<bool>());
        Assert.Equal("0444", patched["metadata"]!["annotations"]![Annotations.FileMode]!.GetValue<string>());
    }

    [Fact]
    public void Decide_WindowsOsPod_UsesWindowsSecurityContextDiskVolumeAndWarns()
    {
        var pod = Pods.OptedIn();
        pod["spec"]!["os"] = new JsonObject { ["name"] = "windows" };

        var decision = Pods.Decide(pod);
        var patched = Pods.Patched(pod, decision);

        var context = patched["spec"]!["initContainers"]![0]!["securityContext"]!.AsObject();
        Assert.False(context.ContainsKey("runAsUser"));
        Assert.Equal("ContainerUser", context["windowsOptions"]!["runAsUserName"]!.GetValue<string>());
        Assert.Null(patched["spec"]!["volumes"]![0]!["emptyDir"]!["medium"]);
        Assert.Contains(decision.Warnings, w => w.Contains("Windows", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_NotAnObject_DeniesAsBadRequest()
    {
        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(JsonValue.Create("pod"), "ns"), new DecisionContext(new InjectorOptions()));

        Assert.False(decision.Allowed);
        Assert.Equal(400, decision.Code);
    }

    [Fact]
    public void Decide_ExistingEnvAndMountsOfAppContainer_AreLeftAsTheyWere()
    {
        var review = AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json");
        var input = AdmissionFixtures.Input(review);
        var before = input.Pod!["spec"]!["containers"]![0]!.DeepClone();

        var patched = Pods.Patched(input.Pod!, InjectionDecider.Decide(input, new DecisionContext(new InjectorOptions())));

        var after = patched["spec"]!["containers"]![0]!.AsObject();
        var mounts = after["volumeMounts"]!.AsArray();
        mounts.RemoveAt(mounts.Count - 1);
        Assert.True(JsonNode.DeepEquals(before, after));
    }

    private static string Serialize(Decision decision) =>
        new JsonArray([.. decision.Patch.Select(o => (JsonNode)new JsonObject { ["op"] = o.Op, ["path"] = o.Path, ["value"] = o.Value?.DeepClone() })]).ToJsonString();
}

using System.Text.Json.Nodes;
using SecretInjector.Cluster;
using SecretInjector.Configuration;
using SecretInjector.Injection;
using SecretInjector.Policy;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Injection;

public sealed class AccessCheckTests
{
    private const string P = Annotations.Prefix;

    private static readonly ObjectsFileClusterSource Cluster =
        ObjectsFileClusterSource.Load(RepoPaths.Fixture("admission", "cluster-state.yaml"));

    private static readonly PolicyDocument Policy =
        PolicyParser.Parse(File.ReadAllText(RepoPaths.Fixture("admission", "policy.yaml")), "policy.yaml");

    private static DecisionContext Context(PolicyDocument? policy = null, IClusterView? cluster = null) =>
        new(new InjectorOptions { AwsRegion = "us-east-1" }, cluster ?? Cluster, policy ?? Policy);

    private static Decision DecideFixture(string name, DecisionContext? context = null) =>
        InjectionDecider.Decide(AdmissionFixtures.Input(AdmissionFixtures.Review(name)), context ?? Context());

    [Fact]
    public void Decide_FixtureOne_IsAllowedAndInjected()
    {
        var decision = DecideFixture("01-pod-create-deployment-init-mode-irsa.json");

        Assert.True(decision.Allowed, decision.Message);
        Assert.NotEmpty(decision.Patch);
    }

    [Fact]
    public void Decide_FixtureTwo_UnlabelledNamespacePassesThrough()
    {
        var decision = DecideFixture("02-pod-create-no-annotations-passthrough-namespace-only-in-request.json");

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Patch);
    }

    [Fact]
    public void Decide_FixtureFive_ForgedMarkDeniedNamingEverything()
    {
        var decision = DecideFixture("05-pod-create-statefulset-forged-status-mark-secret-outside-policy.json");

        Assert.False(decision.Allowed);
        Assert.Equal(403, decision.Code);
        Assert.Equal(DecisionReasons.SecretNotAllowed, decision.Reason);
        foreach (var part in new[] { "namespace payments", "service account ledger", "role/payments-ledger", "treasury/ledger-signing-key" })
            Assert.Contains(part, decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_FixtureSix_BadAnnotationDeniedBeforeTheMissingRoleIsJudged()
    {
        var decision = DecideFixture("06-pod-create-cronjob-job-invalid-secret-name.json");

        Assert.False(decision.Allowed);
        Assert.Equal(400, decision.Code);
        Assert.Equal(DecisionReasons.InvalidAnnotations, decision.Reason);
        Assert.Contains("secret-injector.io/secret-Report_DB", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_FixtureSeven_DryRunIsAllowedWithThePatchOfARealCreate()
    {
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review("07-pod-create-bare-pod-kubectl-server-dry-run.json"));

        var dry = InjectionDecider.Decide(input, Context());
        var wet = InjectionDecider.Decide(input with { DryRun = false }, Context());

        Assert.True(input.DryRun);
        Assert.True(dry.Allowed, dry.Message);
        Assert.Equal(DecisionReasons.Injected, dry.Reason);
        Assert.NotEmpty(dry.Patch);
        Assert.Equal(Serialize(wet), Serialize(dry));
    }

    [Fact]
    public void Decide_AuditEnforcement_AdmitsWithAWarningSayingWhatWouldBeDenied()
    {
        var decision = DecideFixture("05-pod-create-statefulset-forged-status-mark-secret-outside-policy.json", Context(Policy with { Enforcement = Enforcement.Audit }));

        Assert.True(decision.Allowed);
        Assert.NotEmpty(decision.Patch);
        var warning = Assert.Single(decision.Warnings);
        Assert.Contains("(audit)", warning, StringComparison.Ordinal);
        Assert.Contains("treasury/ledger-signing-key", warning, StringComparison.Ordinal);
        Assert.Equal(DecisionReasons.SecretNotAllowed, decision.AuditViolation);
    }

    [Fact]
    public void Decide_AuditEnforcementNothingViolated_CarriesNoViolation()
    {
        var decision = DecideFixture("01-pod-create-deployment-init-mode-irsa.json", Context(Policy with { Enforcement = Enforcement.Audit }));

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Warnings);
        Assert.Null(decision.AuditViolation);
    }

    [Fact]
    public void Decide_UnlabelledNamespaceWithInvalidAnnotations_PassesThroughUnchanged()
    {
        var pod = Pods.OptedIn((P + "secret-Bad", "x"));

        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(pod, "default"), Context());

        Assert.True(decision.Allowed);
        Assert.Equal(DecisionReasons.NamespaceNotEnabled, decision.Reason);
    }

    [Theory]
    [InlineData("payments", "ghost", "service-account-missing", "the service account does not exist")]
    [InlineData("reporting", "default", "role-missing", "no IAM role")]
    [InlineData("nowhere", "default", "namespace-missing", "namespace nowhere does not exist")]
    public void Decide_IdentityProblems_AreDenials(string ns, string serviceAccount, string reason, string message)
    {
        var pod = Pods.OptedIn();
        pod["spec"]!["serviceAccountName"] = serviceAccount;

        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(pod, ns), Context());

        Assert.False(decision.Allowed);
        Assert.Equal(reason, decision.Reason);
        Assert.Contains(message, decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ClusterUnavailable_DeniesEvenInAudit()
    {
        var down = new ClusterSnapshot(
            Lookup<NamespaceObject>.Found(new NamespaceObject("payments", new Dictionary<string, string> { [Annotations.NamespaceLabel] = "enabled" })),
            Lookup<ServiceAccountObject>.Unavailable("connection refused"),
            null);
        var pod = Pods.OptedIn();
        pod["spec"]!["serviceAccountName"] = "payments-api";

        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(pod, "payments"), Context(Policy with { Enforcement = Enforcement.Audit }, down));

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionReasons.ClusterUnavailable, decision.Reason);
        Assert.Contains("connection refused", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_IrsaServiceAccountAndPodWithoutIdentity_WiresTheWebhooksOwnToken()
    {
        var pod = Pods.With((Annotations.Inject, "true"), (P + "secret-db", "orders/db"));
        pod["spec"]!["serviceAccountName"] = "orders-worker";

        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(pod, "orders"), Context());
        var patched = Pods.Patched(pod, decision);

        Assert.True(decision.Allowed, decision.Message);
        var fetch = patched["spec"]!["initContainers"]![0]!;
        var env = fetch["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());
        Assert.Equal("arn:aws:iam::111122223333:role/orders-worker", env["AWS_ROLE_ARN"]);
        Assert.Equal("/var/run/secrets/eks.amazonaws.com/serviceaccount/token", env["AWS_WEB_IDENTITY_TOKEN_FILE"]);
        Assert.Equal("regional", env["AWS_STS_REGIONAL_ENDPOINTS"]);
        Assert.Equal("us-east-1", env["AWS_REGION"]);
        var volume = patched["spec"]!["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == InjectedNames.TokenVolume)!;
        Assert.Equal("sts.amazonaws.com", volume["projected"]!["sources"]![0]!["serviceAccountToken"]!["audience"]!.GetValue<string>());
        Assert.Contains(fetch["volumeMounts"]!.AsArray(), m => m!["name"]!.GetValue<string>() == InjectedNames.TokenVolume);
        Assert.Empty(KubernetesSchemas.Problems(patched));
    }

    [Fact]
    public void Decide_PodIdentityAssociationAndPodWithoutIdentity_WiresPodIdentity()
    {
        var pod = Pods.OptedIn((P + "secret-db", "payments/checkout-db"));
        pod["spec"]!["serviceAccountName"] = "checkout-web";

        var patched = Pods.Patched(pod, InjectionDecider.Decide(AdmissionInput.PodCreate(pod, "payments-web"), Context()));

        var env = patched["spec"]!["initContainers"]![0]!["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("AWS_CONTAINER_CREDENTIALS_FULL_URI", env);
        Assert.Contains("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", env);
        Assert.Contains(patched["spec"]!["volumes"]!.AsArray(), v => v!["name"]!.GetValue<string>() == InjectedNames.PodIdentityTokenVolume);
    }

    [Fact]
    public void Decide_PodAlreadyCarriesIrsa_CopiesItAndAddsNoTokenVolume()
    {
        var patched = Pods.Patched(
            AdmissionFixtures.Input(AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json")).Pod!,
            DecideFixture("01-pod-create-deployment-init-mode-irsa.json"));

        Assert.DoesNotContain(patched["spec"]!["volumes"]!.AsArray(), v => v!["name"]!.GetValue<string>() == InjectedNames.TokenVolume);
    }

    [Fact]
    public void Decide_ForgedMarkWithLookAlikeParts_IsStillJudgedByPolicy()
    {
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review("05-pod-create-statefulset-forged-status-mark-secret-outside-policy.json"));
        var spec = input.Pod!["spec"]!.AsObject();
        spec["volumes"]!.AsArray().Add(new JsonObject { ["name"] = InjectedNames.SecretsVolume, ["emptyDir"] = new JsonObject() });
        var init = spec["initContainers"] as JsonArray ?? [];
        init.Insert(0, new JsonObject { ["name"] = InjectedNames.FetchContainer, ["image"] = "example/any:1" });
        spec["initContainers"] = init;

        var decision = InjectionDecider.Decide(input, Context());

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionReasons.SecretNotAllowed, decision.Reason);
    }

    [Fact]
    public void Decide_ReinvocationOfAnAllowedPod_IsEmptyButAPolicyNowRefusingItDenies()
    {
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json"));
        var patched = Pods.Patched(input.Pod!, InjectionDecider.Decide(input, Context()));
        var stricter = Policy with { Rules = [.. Policy.Rules.Select(r => r with { AllowedSecrets = ["payments/db-*"] })] };

        var again = InjectionDecider.Decide(input with { Pod = patched }, Context());
        var refused = InjectionDecider.Decide(input with { Pod = patched }, Context(stricter));

        Assert.True(again.Allowed, again.Message);
        Assert.Empty(again.Patch);
        Assert.False(refused.Allowed);
        Assert.Equal(DecisionReasons.SecretNotAllowed, refused.Reason);
    }

    [Fact]
    public void Decide_ContainerCarriesAnotherRole_JudgesTheRoleTheAgentCopies()
    {
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json"));
        var env = input.Pod!["spec"]!["containers"]![0]!["env"]!.AsArray();
        env.OfType<JsonObject>().Single(e => e["name"]!.GetValue<string>() == "AWS_ROLE_ARN")["value"] = "arn:aws:iam::999999999999:role/anything-else";

        var decision = InjectionDecider.Decide(input, Context());

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionReasons.RoleNotAllowed, decision.Reason);
        Assert.Contains("role arn:aws:iam::999999999999:role/anything-else", decision.Message, StringComparison.Ordinal);
        Assert.Contains("carries this role in AWS_ROLE_ARN", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ContainerRoleFromValueFrom_IsDeniedAsUnjudgeable()
    {
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review("01-pod-create-deployment-init-mode-irsa.json"));
        var env = input.Pod!["spec"]!["containers"]![0]!["env"]!.AsArray();
        var role = env.OfType<JsonObject>().Single(e => e["name"]!.GetValue<string>() == "AWS_ROLE_ARN");
        role.Remove("value");
        role["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "cm", ["key"] = "role" } };

        var decision = InjectionDecider.Decide(input, Context());

        Assert.False(decision.Allowed);
        Assert.Equal(403, decision.Code);
        Assert.Equal(DecisionReasons.RoleUnreadable, decision.Reason);
        Assert.Contains("containers/", decision.Message, StringComparison.Ordinal);
        Assert.Contains("sets AWS_ROLE_ARN through valueFrom", decision.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1", true)]
    [InlineData("", false)]
    public void Decide_BareNameUnderArnOnlyRule_IsJudgedInTheRegionTheAgentReadsIn(string awsRegion, bool allowed)
    {
        var arnOnly = Policy with { Rules = [.. Policy.Rules.Select(r => r with { AllowedSecrets = [.. r.AllowedSecrets.Where(p => p.StartsWith("arn:", StringComparison.Ordinal))] })] };
        var pod = Pods.OptedIn((P + "secret-db", "payments/db"));
        pod["spec"]!["serviceAccountName"] = "payments-api";
        var context = new DecisionContext(new InjectorOptions { AwsRegion = awsRegion }, Cluster, arnOnly);

        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(pod, "payments"), context);

        Assert.Equal(allowed, decision.Allowed);
    }

    private static string Serialize(Decision decision) =>
        new JsonArray([.. decision.Patch.Select(o => (JsonNode)new JsonObject { ["op"] = o.Op, ["path"] = o.Path, ["value"] = o.Value?.DeepClone() })]).ToJsonString();
}

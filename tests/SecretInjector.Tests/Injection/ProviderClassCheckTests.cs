using System.Text;
using System.Text.Json.Nodes;
using SecretInjector.Cluster;
using SecretInjector.Configuration;
using SecretInjector.Injection;
using SecretInjector.Manifests;
using SecretInjector.Policy;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Injection;

public sealed class ProviderClassCheckTests
{
    private const string P = Annotations.Prefix;

    private const string Shop = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {secret-injector.io/injection: enabled}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: irsa, namespace: shop, annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::111122223333:role/shop-irsa"}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: pid, namespace: shop}
        """;

    private static PolicyDocument Policy(string secrets) => PolicyParser.Parse($$"""
        rules:
          - name: shop
            namespaces: [shop]
            allowedRoles: ["arn:aws:iam::111122223333:role/shop-*"]
            allowedSecrets: [{{secrets}}]
        podIdentityAssociations:
          - {namespace: shop, serviceAccount: pid, roleArn: "arn:aws:iam::111122223333:role/shop-pid"}
        """, "policy");

    public static TheoryData<string, string, string, bool, string> ExampleCases() => new()
    {
        { "secretproviderclass-example-ascp-irsa.yaml", "irsa", "MySecret", true, "" },
        { "secretproviderclass-example-ascp-irsa.yaml", "irsa", "\"shop/*\"", false, "secret MySecret is not allowed" },
        { "secretproviderclass-example-ascp-pod-identity.yaml", "pid", "MySecret", true, "" },
        { "secretproviderclass-example-ascp-pod-identity.yaml", "irsa", "MySecret", false, "sets usePodIdentity: \"true\", but service account irsa has no EKS Pod Identity association" },
        { "secretproviderclass-example-csi-driver-aws-test.yaml", "irsa", "\"*\"", false, "substitute template variables" },
    };

    [Theory]
    [MemberData(nameof(ExampleCases))]
    public void Decide_SecretProviderClassExamples_AreAcceptedOrRefusedPerPolicy(string example, string account, string allowed, bool expected, string message)
    {
        var (cluster, name) = ClusterWith(example);
        var pod = CsiPod(name, account);

        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(pod, "shop"), new DecisionContext(new InjectorOptions(), cluster, Policy(allowed)));

        Assert.True(expected == decision.Allowed, decision.Message);
        Assert.Contains(message, decision.Message ?? "", StringComparison.Ordinal);
        if (!expected)
            return;
        var patched = Pods.Patched(pod, decision);
        var volume = patched["spec"]!["volumes"]!.AsArray().Single()!;
        Assert.Equal(InjectedNames.CsiDriver, volume["csi"]!["driver"]!.GetValue<string>());
        Assert.True(volume["csi"]!["readOnly"]!.GetValue<bool>());
        Assert.Equal(name, volume["csi"]!["volumeAttributes"]!["secretProviderClass"]!.GetValue<string>());
        Assert.True(patched["spec"]!["containers"]![0]!["volumeMounts"]![0]!["readOnly"]!.GetValue<bool>());
        Assert.Null(patched["spec"]!["initContainers"]);
        Assert.Empty(KubernetesSchemas.Problems(patched));
    }

    [Fact]
    public void Decide_FixtureFour_IsAllowedWithAWarningAboutUsePodIdentity()
    {
        var cluster = ObjectsFileClusterSource.Load(RepoPaths.Fixture("admission", "cluster-state.yaml"));
        var policy = PolicyParser.Parse(File.ReadAllText(RepoPaths.Fixture("admission", "policy.yaml")), "policy.yaml");
        var input = AdmissionFixtures.Input(AdmissionFixtures.Review("04-pod-create-deployment-csi-mode-pod-identity.json"));

        var decision = InjectionDecider.Decide(input, new DecisionContext(new InjectorOptions(), cluster, policy));

        Assert.True(decision.Allowed, decision.Message);
        Assert.Contains(decision.Warnings, w => w.Contains("usePodIdentity", StringComparison.Ordinal));
        Assert.Equal(["payments/checkout-tls", "arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/stripe-webhook-AbCdEf"], decision.Details!.Secrets);
    }

    [Theory]
    [InlineData("provider: azure\n  parameters:\n    objects: |\n      - objectName: x\n        objectType: secretsmanager", "has provider 'azure'")]
    [InlineData("provider: aws\n  parameters: {}", "has no spec.parameters.objects")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      not: [a list", "is not YAML")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      a: b", "must be a non-empty YAML list")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      - objectName: x", "has no objectType")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      - objectName: x\n        objectType: vault", "objectType 'vault'")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      - objectType: secretsmanager", "has no objectName")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      - objectName: x\n        objectType: secretsmanager\n        jmesPath: {path: a}", "jmesPath must be a list")]
    [InlineData("provider: aws\n  parameters:\n    usePodIdentity: 'yes'\n    objects: |\n      - objectName: x\n        objectType: secretsmanager", "usePodIdentity is 'yes'")]
    [InlineData("provider: aws\n  parameters:\n    objects: '" + Nested + "'", "nested more than 64 deep")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      - {objectName: x, objectType: secretsmanager}\n      - {objectName: x, objectType: secretsmanager}", "objects[0] and objects[1] both write file 'x'")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      - {objectName: x, objectType: secretsmanager, jmesPath: [{path: a, objectAlias: k}, {path: b, objectAlias: k}]}", "objects[0].jmesPath[0] and objects[0].jmesPath[1] both write file 'k'")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      - {objectName: x, objectType: secretsmanager, objectAlias: ../../etc/x}", "writes file '../../etc/x', which leaves the mount")]
    [InlineData("provider: aws\n  parameters:\n    objects: |\n      " + AliasBomb, "more than 10000 nodes")]
    public void Decide_UnusableProviderClass_IsDeniedSayingWhatToFix(string spec, string expected)
    {
        var text = Shop + $"\n---\napiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata: {{name: spc, namespace: shop}}\nspec:\n  {spec}\n";
        var cluster = new ObjectsFileClusterSource(text, "objects");

        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(CsiPod("spc", "irsa"), "shop"), new DecisionContext(new InjectorOptions(), cluster, Policy("\"*\"")));

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionReasons.ProviderClassInvalid, decision.Reason);
        Assert.Contains(expected, decision.Message, StringComparison.Ordinal);
    }

    /// <summary>Objects nested 100 deep: refused before recursion could run out of stack.</summary>
    private const string Nested =
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
        + "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]";

    /// <summary>Five lines that expand to 100,000 nodes.</summary>
    private const string AliasBomb =
        "- &a [x, x, x, x, x, x, x, x, x, x]\n      - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        + "      - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n      - [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]";

    [Fact]
    public void Decide_MissingProviderClass_IsDeniedNamingIt()
    {
        var cluster = new ObjectsFileClusterSource(Shop, "objects");

        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(CsiPod("absent", "irsa"), "shop"), new DecisionContext(new InjectorOptions(), cluster, Policy("\"*\"")));

        Assert.False(decision.Allowed);
        Assert.Contains("SecretProviderClass absent does not exist in namespace shop", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SsmParameterObjects_AreJudgedByPolicyToo()
    {
        var text = Shop + "\n---\napiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata: {name: spc, namespace: shop}\nspec:\n  provider: aws\n  parameters:\n    objects: |\n      - objectName: /shop/feature-flags\n        objectType: ssmparameter\n";
        var cluster = new ObjectsFileClusterSource(text, "objects");

        var allowed = InjectionDecider.Decide(AdmissionInput.PodCreate(CsiPod("spc", "irsa"), "shop"), new DecisionContext(new InjectorOptions(), cluster, Policy("\"/shop/*\"")));
        var denied = InjectionDecider.Decide(AdmissionInput.PodCreate(CsiPod("spc", "irsa"), "shop"), new DecisionContext(new InjectorOptions(), cluster, Policy("\"shop/*\"")));

        Assert.True(allowed.Allowed, allowed.Message);
        Assert.False(denied.Allowed);
        Assert.Contains("/shop/feature-flags", denied.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("region: us-east-1", true, "")]
    [InlineData("region: eu-west-1", false, "secret shop/db (read in eu-west-1) is not allowed")]
    [InlineData("region: us-east-1\n    failoverRegion: eu-west-1", false, "(read in eu-west-1)")]
    [InlineData("", false, "secret shop/db is not allowed")]
    [InlineData("region: Mars", false, "region is 'Mars', which is not an AWS region")]
    public void Decide_BareObjectNameUnderRegionalArnRule_IsJudgedInTheProviderClassRegions(string regions, bool expected, string message)
    {
        var parameters = regions.Length > 0 ? regions + "\n    " : "";
        var text = Shop + $"\n---\napiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata: {{name: spc, namespace: shop}}\nspec:\n  provider: aws\n  parameters:\n    {parameters}objects: |\n      - objectName: shop/db\n        objectType: secretsmanager\n";
        var cluster = new ObjectsFileClusterSource(text, "objects");
        var policy = Policy("\"arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/*\"");

        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(CsiPod("spc", "irsa"), "shop"), new DecisionContext(new InjectorOptions(), cluster, policy));

        Assert.True(expected == decision.Allowed, decision.Message);
        Assert.Contains(message, decision.Message ?? "", StringComparison.Ordinal);
    }

    private static JsonObject CsiPod(string providerClass, string serviceAccount)
    {
        var pod = Pods.With((Annotations.Inject, "true"), (P + "mode", "csi"), (P + "secret-provider-class", providerClass));
        pod["spec"]!["serviceAccountName"] = serviceAccount;
        return pod;
    }

    /// <summary>The namespace, service accounts and the example SecretProviderClass placed in namespace shop.</summary>
    private static (ObjectsFileClusterSource Cluster, string Name) ClusterWith(string example)
    {
        var spc = YamlReader.ReadAll(File.ReadAllText(RepoPaths.Fixture("k8s-schema", example)))[0].Root!.AsObject();
        spc["metadata"]!["namespace"] = "shop";
        var text = new StringBuilder(Shop).Append("\n---\n").Append(YamlWriter.Write(spc)).ToString();
        return (new ObjectsFileClusterSource(text, example), spc["metadata"]!["name"]!.GetValue<string>());
    }
}

using System.Text;
using System.Text.Json.Nodes;
using SecretInjector.Configuration;
using SecretInjector.Injection;
using SecretInjector.Manifests;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Manifests;

public sealed class ManifestInjectorTests
{
    private static readonly DecisionContext Context = new(new InjectorOptions());

    public static TheoryData<string> PodFixtures() => [.. PodFixtureFiles()];

    [Theory]
    [MemberData(nameof(PodFixtures))]
    public void Inject_UnannotatedManifest_ComesOutByteForByte(string file)
    {
        var text = File.ReadAllText(RepoPaths.Fixture("pods", file));
        if (IsDuplicateKeyFixture(file))
            return;

        var result = ManifestInjector.Inject(text, file, Context, "default");

        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Injected);
        Assert.Equal(text, result.Output);
    }

    public static TheoryData<string, string> PodFixturesInEveryMode()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in PodFixtureFiles())
        {
            foreach (var mode in new[] { "init", "sidecar", "csi" })
                data.Add(file, mode);
        }

        return data;
    }

    private static IEnumerable<string> PodFixtureFiles() =>
        Directory.GetFiles(RepoPaths.Fixture("pods"), "*.yaml").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(PodFixturesInEveryMode))]
    public void Inject_EveryPodTemplateOptedIn_InjectsEachAndKeepsTheRest(string file, string mode)
    {
        var original = File.ReadAllText(RepoPaths.Fixture("pods", file));
        if (IsDuplicateKeyFixture(file))
        {
            var e = Assert.Throws<ManifestException>(() => ManifestInjector.Inject(original, file, Context, "default"));
            Assert.Contains("duplicate key 'serviceAccountName'", e.Message, StringComparison.Ordinal);
            return;
        }

        var (input, templates) = OptIn(original, mode);
        var before = YamlReader.ReadAll(input).Select(d => d.Root).ToList();

        var result = ManifestInjector.Inject(input, file, Context, "default");
        var after = YamlReader.ReadAll(result.Output).Select(d => d.Root).ToList();

        Assert.Empty(result.Errors);
        Assert.Equal(templates, result.Injected);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            var found = PodTemplates.Find(after[i]).ToList();
            if (found.Count == 0)
                Assert.True(JsonNode.DeepEquals(before[i], after[i]), $"document {i + 1} changed");
            foreach (var (pod, label, _) in found)
                AssertValidPod(pod, after[i]!, mode, $"{file} {label}");
        }
    }

    [Fact]
    public void Inject_DeniedTemplate_ReportsFileDocumentAndProblem()
    {
        const string text = "kind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    secret-injector.io/inject: \"true\"\n    secret-injector.io/secret-Bad: x\nspec:\n  containers: [{name: a, image: b}]\n";

        var result = ManifestInjector.Inject(text, "app.yaml", Context, "default");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("app.yaml: document 2 (Pod p): pod default/p: annotation secret-injector.io/secret-Bad", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inject_ChangedDocumentWithTrailingComments_DropsThemAndKeepsTheNextDocument()
    {
        const string text = "# header\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n"
            + "    secret-injector.io/inject: \"true\"\n    secret-injector.io/secret-db: shop/db\n"
            + "spec:\n  containers:\n  - name: app\n    image: app:1   # pinned\n    # - name: old\n"
            + "---\n# next\nkind: ConfigMap\nmetadata: {name: c}  # keep\n";

        var result = ManifestInjector.Inject(text, "app.yaml", Context, "default");

        Assert.Empty(result.Errors);
        Assert.StartsWith("# header\napiVersion: v1\n", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("# pinned", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("# - name: old", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("\n---\n# next\nkind: ConfigMap\nmetadata: {name: c}  # keep\n", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, YamlReader.ReadAll(result.Output).Count);
    }

    [Theory]
    [InlineData("kind: DeploymentList\napiVersion: apps/v1\nitems:\n- metadata: {name: web}\n  spec:\n    template:\n" + OptedInTemplate)]
    [InlineData("kind: PodTemplate\napiVersion: v1\nmetadata: {name: web}\ntemplate:\n" + OptedInTemplate)]
    public void Inject_TypedListsAndPodTemplates_AreInjected(string text)
    {
        var result = ManifestInjector.Inject(text, "app.yaml", Context, "default");

        Assert.Empty(result.Errors);
        Assert.Equal(1, result.Injected);
        Assert.Contains("secret-injector-fetch", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inject_OptedInTemplateInAKindItDoesNotKnow_IsLeftWithAWarning()
    {
        var text = "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  template:\n" + OptedInTemplate;

        var result = ManifestInjector.Inject(text, "app.yaml", Context, "default");

        Assert.Equal(text, result.Output);
        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("app.yaml: document 1 (Rollout): holds a pod template that opts in", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Inject_KindItDoesNotKnowWithoutAnOptIn_HasNoWarning()
    {
        var result = ManifestInjector.Inject("kind: ConfigMap\nmetadata:\n  name: c\n  annotations: {secret-injector.io/inject: \"true\"}\n", "app.yaml", Context, "default");

        Assert.Empty(result.Warnings);
    }

    /// <summary>A pod template (at any indentation below its parent key) that opts in with one secret.</summary>
    private const string OptedInTemplate =
        "      metadata:\n        annotations: {secret-injector.io/inject: \"true\", secret-injector.io/secret-db: shop/db}\n"
        + "      spec:\n        containers: [{name: app, image: app:1}]\n";

    [Fact]
    public void Inject_VolumeWithOnlyAName_GetsTheEmptyDirTheApiServerWouldGive()
    {
        var (input, _) = OptIn(File.ReadAllText(RepoPaths.Fixture("pods", "34-eks-pod-identity-webhook-pod-with-existing-volume.yaml")));

        var result = ManifestInjector.Inject(input, "34", Context, "default");

        var volumes = YamlReader.ReadAll(result.Output)[0].Root!["spec"]!["volumes"]!.AsArray();
        Assert.All(volumes, v => Assert.Equal(2, v!.AsObject().Count));
    }

    public static TheoryData<string> GoldenCases() =>
        [.. Directory.GetDirectories(RepoPaths.TestAssets("inject")).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Inject_GoldenCase_MatchesExpectedOutput(string name)
    {
        var input = File.ReadAllText(RepoPaths.TestAssets("inject", name, "input.yaml"));
        var expected = File.ReadAllText(RepoPaths.TestAssets("inject", name, "expected.yaml"));

        var result = ManifestInjector.Inject(input, "input.yaml", Context, "default");

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Output);
    }

    private static bool IsDuplicateKeyFixture(string file) => file.StartsWith("31-", StringComparison.Ordinal);

    /// <summary>Adds the opt-in and one secret to every pod template, as a user would before running inject.</summary>
    private static (string Text, int Templates) OptIn(string original, string mode = "init")
    {
        var builder = new StringBuilder();
        var templates = 0;
        foreach (var doc in YamlReader.ReadAll(original))
        {
            foreach (var (pod, _, _) in PodTemplates.Find(doc.Root))
            {
                var metadata = pod["metadata"] as JsonObject ?? [];
                pod["metadata"] = metadata;
                var annotations = metadata["annotations"] as JsonObject ?? [];
                metadata["annotations"] = annotations;
                annotations[Annotations.Inject] = "true";
                if (mode == "csi")
                {
                    annotations[Annotations.Prefix + "mode"] = "csi";
                    annotations[Annotations.Prefix + "secret-provider-class"] = "app-secrets";
                }
                else
                {
                    annotations[Annotations.Prefix + "secret-app-config"] = "shared/app-config";
                    if (mode != "init")
                        annotations[Annotations.Prefix + "mode"] = mode;
                }

                templates++;
            }

            builder.Append("---\n").Append(YamlWriter.Write(doc.Root));
        }

        return (builder.ToString(), templates);
    }

    private static void AssertValidPod(JsonObject template, JsonNode document, string mode, string where)
    {
        var pod = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = "x" }, ["spec"] = template["spec"]!.DeepClone() };
        Assert.True(KubernetesSchemas.Problems(pod).Count == 0, $"{where}: {string.Join("\n", KubernetesSchemas.Problems(pod))}");

        var spec = pod["spec"]!.AsObject();
        var containers = new[] { "initContainers", "containers" }.SelectMany(l => (spec[l] as JsonArray) ?? []).Select(c => c!.AsObject()).ToList();
        AssertModeParts(spec, mode, where);
        var names = containers.Select(c => c["name"]!.GetValue<string>()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        var volumes = ((spec["volumes"] as JsonArray) ?? []).Select(v => v!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(((JsonArray?)spec["volumes"])?.Count ?? 0, volumes.Count);
        var claims = (document["spec"]?["volumeClaimTemplates"] as JsonArray ?? []).Select(c => c!["metadata"]!["name"]!.GetValue<string>());
        volumes.UnionWith(claims);
        foreach (var c in containers)
        {
            foreach (var m in (c["volumeMounts"] as JsonArray) ?? [])
                Assert.Contains(m!["name"]!.GetValue<string>(), volumes);
        }
    }

    /// <summary>What each mode must add: the fetch first (and the native refresh sidecar right after it), or the csi volume alone.</summary>
    private static void AssertModeParts(JsonObject spec, string mode, string where)
    {
        var inits = ((spec["initContainers"] as JsonArray) ?? []).Select(c => c!["name"]!.GetValue<string>()).ToList();
        var volume = ((JsonArray)spec["volumes"]!).Single(v => v!["name"]!.GetValue<string>() == InjectedNames.SecretsVolume)!;
        var mounted = new[] { "initContainers", "containers" }
            .SelectMany(l => (spec[l] as JsonArray) ?? [])
            .Where(c => ((c!["volumeMounts"] as JsonArray) ?? []).Any(m => m!["name"]!.GetValue<string>() == InjectedNames.SecretsVolume))
            .ToList();
        Assert.NotEmpty(mounted);
        if (mode == "csi")
        {
            Assert.DoesNotContain(InjectedNames.FetchContainer, inits);
            Assert.Equal(InjectedNames.CsiDriver, volume["csi"]?["driver"]?.GetValue<string>());
            Assert.Equal("app-secrets", volume["csi"]!["volumeAttributes"]!["secretProviderClass"]!.GetValue<string>());
            return;
        }

        Assert.True(inits.Count > 0 && inits[0] == InjectedNames.FetchContainer, $"{where}: init containers {string.Join(",", inits)}");
        Assert.NotNull(volume["emptyDir"]);
        if (mode == "sidecar")
        {
            Assert.Equal(InjectedNames.RefreshContainer, inits[1]);
            Assert.Equal("Always", spec["initContainers"]![1]!["restartPolicy"]!.GetValue<string>());
        }
        else
        {
            Assert.DoesNotContain(InjectedNames.RefreshContainer, inits);
        }
    }
}

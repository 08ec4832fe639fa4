using System.Text.Json.Nodes;
using SecretInjector.Configuration;
using SecretInjector.Injection;
using SecretInjector.Manifests;

namespace SecretInjector.Tests.TestSupport;

/// <summary>Builds small pods for tests and runs the decision on them.</summary>
internal static class Pods
{
    /// <summary>A pod with one container <c>app</c> and the given annotations.</summary>
    public static JsonObject With(params (string Key, string Value)[] annotations)
    {
        var map = new JsonObject();
        foreach (var (key, value) in annotations)
            map[key] = value;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "demo", ["annotations"] = map },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "example/app:1" }),
            },
        };
    }

    /// <summary>A pod opted in with one secret <c>db</c> and the extra annotations.</summary>
    public static JsonObject OptedIn(params (string Key, string Value)[] extra) =>
        With([(Annotations.Inject, "true"), (Annotations.Prefix + "secret-db", "payments/db"), .. extra]);

    public static Decision Decide(JsonNode pod, InjectorOptions? options = null) =>
        InjectionDecider.Decide(AdmissionInput.PodCreate(pod, "payments"), new DecisionContext(options ?? new InjectorOptions()));

    /// <summary>Applies the decision's patch to a copy of <paramref name="pod"/> and returns the copy.</summary>
    public static JsonObject Patched(JsonNode pod, Decision decision)
    {
        var copy = pod.DeepClone().AsObject();
        PatchApplier.Apply(copy, decision.Patch);
        return copy;
    }

    public static JsonArray Array(JsonNode node, string path)
    {
        var current = node;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            current = current is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : current![part]!;
        return current!.AsArray();
    }
}

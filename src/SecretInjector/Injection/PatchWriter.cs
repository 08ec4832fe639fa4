using System.Text.Json.Nodes;
using SecretInjector.Contract;

namespace SecretInjector.Injection;

/// <summary>
/// Writes an <see cref="InjectionPlan"/> as JSON Patch against the pod exactly as it arrived: absent arrays
/// and maps are created whole, present ones are appended to, and nothing the pod has is replaced.
/// </summary>
public static class PatchWriter
{
    public static IReadOnlyList<PatchOperation> Write(PodView pod, InjectionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(plan);
        var ops = new List<PatchOperation>();

        // Mounts first: their container indexes are those of the pod as it arrived, before any insertion.
        foreach (var target in plan.Mounts)
        {
            var path = JsonPointers.Of("spec", target.List, Index(target.Index), "volumeMounts");
            ops.Add(target.HasMounts
                ? PatchOperation.Add(path + "/-", target.Mount.DeepClone())
                : PatchOperation.Add(path, new JsonArray(target.Mount.DeepClone())));
        }

        AppendAll(ops, pod.Volumes, "/spec/volumes", plan.Volumes);
        AppendAll(ops, pod.Containers, "/spec/containers", plan.Containers);
        PrependAll(ops, pod.InitContainers, "/spec/initContainers", plan.InitContainers);
        ops.Add(StatusMark(pod));
        if (plan.ChosenFileMode is { } mode)
            ops.Add(PatchOperation.Add(JsonPointers.Of("metadata", "annotations", Annotations.FileMode), AgentContract.FormatFileMode(mode)));
        return ops;
    }

    private static void AppendAll(List<PatchOperation> ops, JsonArray? existing, string path, IReadOnlyList<JsonObject> items)
    {
        if (items.Count == 0)
            return;
        if (existing is null)
        {
            ops.Add(PatchOperation.Add(path, new JsonArray([.. items.Select(i => i.DeepClone())])));
            return;
        }

        foreach (var item in items)
            ops.Add(PatchOperation.Add(path + "/-", item.DeepClone()));
    }

    private static void PrependAll(List<PatchOperation> ops, JsonArray? existing, string path, IReadOnlyList<JsonObject> items)
    {
        if (items.Count == 0)
            return;
        if (existing is null)
        {
            ops.Add(PatchOperation.Add(path, new JsonArray([.. items.Select(i => i.DeepClone())])));
            return;
        }

        for (var i = 0; i < items.Count; i++)
            ops.Add(PatchOperation.Add($"{path}/{Index(i)}", items[i].DeepClone()));
    }

    private static PatchOperation StatusMark(PodView pod)
    {
        if (pod.Annotations is null)
            return PatchOperation.Add("/metadata/annotations", new JsonObject { [Annotations.Status] = Annotations.InjectedStatus });

        // "add" on a member that exists replaces it: a forged or stale mark becomes the true one.
        return PatchOperation.Add(JsonPointers.Of("metadata", "annotations", Annotations.Status), Annotations.InjectedStatus);
    }

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

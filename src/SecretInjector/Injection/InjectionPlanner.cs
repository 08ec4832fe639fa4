using System.Text.Json.Nodes;
using SecretInjector.Configuration;
using SecretInjector.Contract;

namespace SecretInjector.Injection;

/// <summary>Plans what to add to a pod for its mode (SPEC §4), or says why it cannot be done.</summary>
public static class InjectionPlanner
{
    /// <summary>
    /// Plans the injection. <paramref name="identity"/> is what the injected containers carry when the pod's
    /// own containers carry no AWS identity to copy (the webhook's own IRSA wiring), else
    /// <see cref="IdentityWiring.None"/>.
    /// </summary>
    public static (InjectionPlan? Plan, IReadOnlyList<string> Problems) Plan(
        PodView pod,
        InjectionRequest request,
        InjectorOptions options,
        IdentityWiring identity)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        var warnings = new List<string>();

        var readers = SelectReaders(pod, request, problems);
        CheckConflicts(pod, request, readers, problems);
        CheckClassicSidecar(pod, request, options, problems);
        if (problems.Count > 0)
            return (null, problems);

        var readerObjects = readers.Select(r => r.Container).ToList();
        var mounts = readers.Select(r => new MountTarget(
            r.List, r.Index, r.Container["volumeMounts"] is JsonArray, SecretsMount(request.MountPath))).ToList();
        if (pod.TargetsWindows)
            warnings.Add("the pod targets Windows nodes: the injected containers run the injector image, which must offer a Windows variant for them to start");

        if (request.Mode == InjectionMode.Csi)
            return (new InjectionPlan([], [], [CsiVolume(request.SecretProviderClass!)], mounts, warnings), problems);

        var access = FileAccessPlanner.Plan(pod, readerObjects, request.FileMode, options, problems, warnings);
        if (problems.Count > 0)
            return (null, problems);

        var copied = IdentityCopier.FromPod(pod, readerObjects);
        var wiring = copied.Source != "none" ? copied : identity;
        foreach (var mount in wiring.Mounts)
        {
            // The agent's own volume goes at its out directory: a copied token mount there would be a second mount
            // at one path, or hide the files, and the API server refuses the first.
            var path = PodView.Text(mount as JsonObject, "mountPath") ?? "";
            if (MountPaths.Normalize(path) == AgentContract.AgentOutDirectory || MountPaths.IsBelow(path, AgentContract.AgentOutDirectory) || MountPaths.IsBelow(AgentContract.AgentOutDirectory, path))
                problems.Add($"the pod's AWS token is mounted at {path}, where the injected containers write the secrets ({AgentContract.AgentOutDirectory}); mount it elsewhere");
        }

        if (problems.Count > 0)
            return (null, problems);
        var factory = new AgentContainerFactory(pod, request, options, access, wiring);
        var volumes = new List<JsonObject> { SecretsVolume(pod, options) };
        volumes.AddRange(wiring.Volumes.Select(v => (JsonObject)v.DeepClone()));

        var init = new List<JsonObject> { factory.Fetch() };
        var containers = new List<JsonObject>();
        if (request.Mode == InjectionMode.Sidecar && options.NativeSidecars)
            init.Add(factory.Refresh(native: true));
        else if (request.Mode == InjectionMode.Sidecar)
            containers.Add(factory.Refresh(native: false));
        var chosen = request.FileMode is null ? access.FileMode : (int?)null;
        return (new InjectionPlan(init, containers, volumes, mounts, warnings, chosen), problems);
    }

    private static List<(string List, int Index, JsonObject Container)> SelectReaders(
        PodView pod,
        InjectionRequest request,
        List<string> problems)
    {
        var byName = pod.AllContainers()
            .Where(c => c.List != "ephemeralContainers")
            .GroupBy(c => PodView.Text(c.Container, "name") ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (request.Containers is null)
            return [.. pod.AllContainers().Where(c => c.List == "containers")];

        var selected = new List<(string, int, JsonObject)>();
        foreach (var name in request.Containers)
        {
            if (byName.TryGetValue(name, out var found))
                selected.Add(found);
            else
                problems.Add($"annotation {Annotations.Containers}: the pod has no container or init container named '{name}'");
        }

        return selected;
    }

    private static void CheckConflicts(
        PodView pod,
        InjectionRequest request,
        List<(string List, int Index, JsonObject Container)> readers,
        List<string> problems)
    {
        foreach (var (list, _, container) in pod.AllContainers())
        {
            var name = PodView.Text(container, "name");
            if (name is not null && InjectedNames.Containers.Contains(name))
                problems.Add($"the pod already has a container named {name} in spec.{list}; that name is reserved for the injector");
        }

        foreach (var volume in InjectedNames.Volumes)
        {
            if (pod.HasVolume(volume))
                problems.Add($"the pod already has a volume named {volume}; that name is reserved for the injector");
        }

        foreach (var (_, _, container) in readers)
        {
            var name = PodView.Text(container, "name");
            foreach (var mount in (container["volumeMounts"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var path = PodView.Text(mount, "mountPath");
                if (path is null)
                    continue;
                if (MountPaths.Normalize(path) == request.MountPath)
                    problems.Add($"container {name} already mounts volume {PodView.Text(mount, "name")} at {path}; choose another {Annotations.MountPath}");
                else if (MountPaths.IsBelow(path, request.MountPath))
                    problems.Add($"container {name} mounts volume {PodView.Text(mount, "name")} at {path}, inside {request.MountPath} where the read-only secrets volume goes; choose another {Annotations.MountPath}");
                else if (MountPaths.IsBelow(request.MountPath, path) && mount["readOnly"] is JsonValue readOnly && readOnly.GetValueKind() == System.Text.Json.JsonValueKind.True)
                    problems.Add($"container {name} mounts volume {PodView.Text(mount, "name")} read-only at {path}, so the runtime could not make {request.MountPath} inside it; choose another {Annotations.MountPath}");
            }
        }
    }

    /// <summary>
    /// A classic sidecar never exits, so a pod meant to run to completion (a Job's) would run for ever; only a
    /// native sidecar is stopped by the kubelet once the pod's other containers are done.
    /// </summary>
    private static void CheckClassicSidecar(PodView pod, InjectionRequest request, InjectorOptions options, List<string> problems)
    {
        if (request.Mode != InjectionMode.Sidecar || options.NativeSidecars)
            return;
        var restartPolicy = PodView.Text(pod.Spec, "restartPolicy") ?? "Always";
        if (restartPolicy != "Always")
            problems.Add($"annotation {Annotations.Mode}: sidecar mode runs the refresh loop as a classic container here (setting nativeSidecars: false), which would keep this pod (restartPolicy {restartPolicy}) from ever completing; use mode init for run-to-completion pods, or native sidecars on Kubernetes 1.29+");
    }

    private static JsonObject SecretsMount(string mountPath) => new()
    {
        ["name"] = InjectedNames.SecretsVolume,
        ["mountPath"] = mountPath,
        ["readOnly"] = true,
    };

    private static JsonObject SecretsVolume(PodView pod, InjectorOptions options)
    {
        // Windows nodes have no tmpfs: a memory-backed emptyDir would keep the pod from starting there.
        var emptyDir = pod.TargetsWindows
            ? new JsonObject { ["sizeLimit"] = options.SecretsVolumeSizeLimit }
            : new JsonObject { ["medium"] = "Memory", ["sizeLimit"] = options.SecretsVolumeSizeLimit };
        return new JsonObject { ["name"] = InjectedNames.SecretsVolume, ["emptyDir"] = emptyDir };
    }

    private static JsonObject CsiVolume(string providerClass) => new()
    {
        ["name"] = InjectedNames.SecretsVolume,
        ["csi"] = new JsonObject
        {
            ["driver"] = InjectedNames.CsiDriver,
            ["readOnly"] = true,
            ["volumeAttributes"] = new JsonObject { ["secretProviderClass"] = providerClass },
        },
    };
}

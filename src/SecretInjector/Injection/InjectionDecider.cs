using System.Text.Json.Nodes;
using SecretInjector.Cluster;
using SecretInjector.Contract;

namespace SecretInjector.Injection;

/// <summary>
/// The one decision shared by <c>serve</c> and <c>inject</c>: given a pod and its context, allow it as is,
/// allow it with a patch, or deny it. Pure: no I/O, no clock, no HTTP or Kubernetes client types.
/// </summary>
public static class InjectionDecider
{
    public static Decision Decide(AdmissionInput input, DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        if (!IsPodCreate(input))
            return Decision.Allow(DecisionReasons.NotPodCreate);

        var (pod, podProblem) = PodView.From(input.Pod);
        if (pod is null)
            return Decision.Deny(400, DecisionReasons.InvalidPod, $"secret-injector cannot read the pod: {podProblem}");
        if (!AnnotationReader.MayOptIn(pod.Annotations))
            return Decision.Allow(DecisionReasons.NotOptedIn);

        var subject = $"pod {input.Namespace}/{pod.DisplayName}";
        if (context.Cluster is { } cluster && NamespaceGate(cluster, input.Namespace, subject) is { } gated)
            return gated;

        if (pod.ShapeProblem() is { } shape)
            return Decision.Deny(400, DecisionReasons.InvalidPod, $"{subject}: {shape}");

        var read = AnnotationReader.Read(pod.Annotations, context.Options);
        if (read.Request is not { } request)
            return Decision.Deny(400, DecisionReasons.InvalidAnnotations, $"{subject}: {string.Join("; ", read.Problems)}");
        var details = new DecisionDetails(pod.ServiceAccountName, null, InjectionModes.Name(request.Mode), [.. request.Secrets.Select(s => s.SecretId)]);

        IReadOnlyList<string> secretIds = details.Secrets;
        ProviderClassCheck.Outcome? csi = null;
        var target = AccessTarget.ForAgent(pod, context.Options);
        if (request.Mode == InjectionMode.Csi && context.Cluster is { } view)
        {
            csi = ProviderClassCheck.Run(view, input.Namespace, request.SecretProviderClass!, subject);
            if (csi.Denial is { } invalid)
                return invalid with { Details = details };
            secretIds = [.. csi.Objects.Select(o => o.Name)];
            details = details with { Secrets = secretIds };
            target = AccessTarget.ForProvider(csi.Regions);
        }

        // Policy is judged on reinvocation too: an injected pod is admitted again only if it may read what it asks.
        var access = AccessCheck.Run(pod, input.Namespace, secretIds, context, subject, target);
        details = details with { Role = access.Role };
        if (access.Denial is { } denial)
            return denial with { Details = details };
        var warnings = new List<string>(access.Warnings);
        if (csi is not null && context.Policy is not null)
        {
            var (mismatch, warning) = ProviderClassCheck.CheckIdentity(csi.UsePodIdentity, access, request.SecretProviderClass!, pod.ServiceAccountName, subject);
            if (mismatch is not null)
                return mismatch with { Details = details };
            if (warning is not null)
                warnings.Add(warning);
        }

        if (IsAlreadyInjected(pod, request))
        {
            if (SettingsDrift(pod, request) is { } drift)
            {
                return Decision.Deny(400, DecisionReasons.Conflict,
                    $"{subject}: it is already injected, but not as its annotations now ask ({drift}); remove the injected parts and the {Annotations.Status} annotation to inject it anew") with { Details = details };
            }

            return Decision.Allow(DecisionReasons.AlreadyInjected, warnings) with { Details = details, AuditViolation = access.AuditViolation };
        }

        var (plan, problems) = InjectionPlanner.Plan(pod, request, context.Options, access.Wiring);
        if (plan is null)
            return Decision.Deny(400, DecisionReasons.Conflict, $"{subject}: {string.Join("; ", problems)}") with { Details = details };
        return Decision.Mutate(PatchWriter.Write(pod, plan), [.. warnings, .. plan.Warnings]) with { Details = details, AuditViolation = access.AuditViolation };
    }

    /// <summary>
    /// The webhook checks the namespace opt-in itself (defence in depth, SPEC §2): a pod in a namespace without the
    /// label passes through unchanged whatever its annotations say.
    /// </summary>
    private static Decision? NamespaceGate(IClusterView cluster, string ns, string subject)
    {
        var found = cluster.Namespace(ns);
        return found.Status switch
        {
            LookupStatus.Unavailable => Decision.Deny(500, DecisionReasons.ClusterUnavailable, $"{subject}: cannot read namespace {ns} from the Kubernetes API ({found.Problem}); the pod is denied rather than admitted unchecked, try again"),
            LookupStatus.NotFound => Decision.Deny(403, DecisionReasons.NamespaceMissing, $"{subject}: namespace {ns} does not exist"),
            _ when found.Value!.Labels.GetValueOrDefault(Annotations.NamespaceLabel) != Annotations.NamespaceLabelValue => Decision.Allow(DecisionReasons.NamespaceNotEnabled),
            _ => null,
        };
    }

    private static bool IsPodCreate(AdmissionInput input) =>
        input.Operation == "CREATE" && input.Resource == "pods" && string.IsNullOrEmpty(input.SubResource);

    /// <summary>
    /// The mark counts only with the parts it stands for: the secrets volume and, outside csi mode, a fetch
    /// container that reads exactly the secrets the annotations ask for (which the policy has just judged); in csi
    /// mode, the csi volume of the annotated SecretProviderClass. A pod carrying the mark without them is treated as
    /// not injected, so the mark is no way around validation or policy.
    /// </summary>
    /// <summary>
    /// What an injected pod's parts do not deliver of what its annotations now ask (an annotation edited after the
    /// injection, by hand or by another webhook), or null. Passing such a pod on would silently ignore the edit.
    /// </summary>
    private static string? SettingsDrift(PodView pod, InjectionRequest request)
    {
        if (request.Mode == InjectionMode.Csi)
            return null;
        var refresh = pod.AllContainers().FirstOrDefault(c => c.List != "ephemeralContainers" && PodView.Text(c.Container, "name") == InjectedNames.RefreshContainer).Container;
        if (request.Mode == InjectionMode.Sidecar && refresh is null)
            return $"mode sidecar, but there is no {InjectedNames.RefreshContainer} container";
        if (request.Mode == InjectionMode.Init && refresh is not null)
            return $"mode init, but a {InjectedNames.RefreshContainer} container is there";
        if (refresh is not null && ArgAfter(refresh, AgentContract.RefreshIntervalOption) != AgentContract.FormatInterval(request.RefreshInterval))
            return $"refresh-interval {AgentContract.FormatInterval(request.RefreshInterval)}, but the refresh container uses {ArgAfter(refresh, AgentContract.RefreshIntervalOption)}";
        var fetch = pod.InitContainers!.OfType<JsonObject>().First(c => PodView.Text(c, "name") == InjectedNames.FetchContainer);
        if (request.FileMode is { } mode && ArgAfter(fetch, AgentContract.FileModeOption) != AgentContract.FormatFileMode(mode))
            return $"file-mode {AgentContract.FormatFileMode(mode)}, but the files are written with {ArgAfter(fetch, AgentContract.FileModeOption)}";
        // Named readers must all have the mount. Unnamed, the readers are the app containers that got it at injection:
        // a container another webhook added since (a mesh proxy, a vault agent) is no reader, and must not count.
        var readers = request.Containers ?? [.. (pod.Containers ?? []).OfType<JsonObject>()
            .Where(c => !InjectedNames.Containers.Contains(PodView.Text(c, "name") ?? "")
                && ((c["volumeMounts"] as JsonArray)?.OfType<JsonObject>().Any(m => PodView.Text(m, "name") == InjectedNames.SecretsVolume) ?? false))
            .Select(c => PodView.Text(c, "name") ?? "")];
        foreach (var name in readers)
        {
            var container = pod.AllContainers().FirstOrDefault(c => PodView.Text(c.Container, "name") == name).Container;
            var mounted = (container?["volumeMounts"] as JsonArray)?.OfType<JsonObject>()
                .Any(m => PodView.Text(m, "name") == InjectedNames.SecretsVolume && MountPaths.Normalize(PodView.Text(m, "mountPath") ?? "") == request.MountPath) ?? false;
            if (!mounted)
                return $"the secrets at {request.MountPath} in container {name}, where they are not mounted";
        }

        return null;
    }

    private static string? ArgAfter(JsonObject container, string option)
    {
        var args = (container["args"] as JsonArray)?.Select(a => a is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null).ToList() ?? [];
        var at = args.IndexOf(option);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }

    private static bool IsAlreadyInjected(PodView pod, InjectionRequest request)
    {
        if (AnnotationReader.StringValue(pod.Annotations, Annotations.Status) != Annotations.InjectedStatus)
            return false;
        var volume = pod.Volumes?.OfType<JsonObject>().FirstOrDefault(v => PodView.Text(v, "name") == InjectedNames.SecretsVolume);
        if (volume is null)
            return false;
        if (request.Mode == InjectionMode.Csi)
        {
            var csi = volume["csi"] as JsonObject;
            return PodView.Text(csi, "driver") == InjectedNames.CsiDriver
                && PodView.Text(csi?["volumeAttributes"] as JsonObject, "secretProviderClass") == request.SecretProviderClass;
        }

        var fetch = pod.InitContainers?.OfType<JsonObject>().FirstOrDefault(c => PodView.Text(c, "name") == InjectedNames.FetchContainer);
        var secrets = (fetch?["env"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(e => PodView.Text(e, "name") == AgentContract.SecretsVariable);
        return secrets is not null && PodView.Text(secrets, "value") == AgentContract.SerializeSecrets(request.Secrets);
    }
}

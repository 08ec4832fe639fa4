using SecretInjector.Contract;

namespace SecretInjector.Injection;

/// <summary>
/// The one decision shared by <c>serve</c> and <c>inject</c>: given a pod and its context, allow it as is,
/// allow it with a patch, or deny it. Pure: no I/O, no clock, no HTTP or Kubernetes client types.
/// </summary>
public static class InjectionDecider
{
    /// <summary>Modes this build can inject; a pod asking for another is denied with a message saying so.</summary>
    private static readonly HashSet<InjectionMode> SupportedModes = [InjectionMode.Init];

    public static Decision Decide(AdmissionInput input, DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        if (!IsPodCreate(input))
            return Decision.Allow(DecisionReasons.NotPodCreate);

        var (pod, podProblem) = PodView.From(input.Pod);
        if (pod is null)
            return Decision.Deny(400, DecisionReasons.InvalidPod, $"secret-injector cannot read the pod: {podProblem}");
        if (AnnotationReader.StringValue(pod.Annotations, Annotations.Inject) != "true")
            return Decision.Allow(DecisionReasons.NotOptedIn);

        var subject = $"pod {input.Namespace}/{pod.DisplayName}";
        var read = AnnotationReader.Read(pod.Annotations, context.Options);
        if (read.Request is not { } request)
            return Decision.Deny(400, DecisionReasons.InvalidAnnotations, $"{subject}: {string.Join("; ", read.Problems)}");
        if (IsAlreadyInjected(pod, request))
            return Decision.Allow(DecisionReasons.AlreadyInjected);
        if (!SupportedModes.Contains(request.Mode))
            return Decision.Deny(400, DecisionReasons.UnsupportedMode, $"{subject}: annotation {Annotations.Mode}: mode {InjectionModes.Name(request.Mode)} is not available in this version of secret-injector; use mode init");

        var (plan, problems) = InjectionPlanner.Plan(pod, request, context.Options, IdentityWiring.None);
        if (plan is null)
            return Decision.Deny(400, DecisionReasons.Conflict, $"{subject}: {string.Join("; ", problems)}");
        return Decision.Mutate(PatchWriter.Write(pod, plan), plan.Warnings);
    }

    private static bool IsPodCreate(AdmissionInput input) =>
        input.Operation == "CREATE" && input.Resource == "pods" && string.IsNullOrEmpty(input.SubResource);

    /// <summary>
    /// The mark counts only with the parts it stands for: a pod carrying <c>status: injected</c> without them is
    /// treated as not injected, so the mark is no way around validation or policy.
    /// </summary>
    private static bool IsAlreadyInjected(PodView pod, InjectionRequest request)
    {
        if (AnnotationReader.StringValue(pod.Annotations, Annotations.Status) != Annotations.InjectedStatus)
            return false;
        if (!pod.HasVolume(InjectedNames.SecretsVolume))
            return false;
        return request.Mode == InjectionMode.Csi || pod.HasInitContainer(InjectedNames.FetchContainer);
    }

    /// <summary>Formats a file mode for messages.</summary>
    internal static string Mode(int mode) => AgentContract.FormatFileMode(mode);
}

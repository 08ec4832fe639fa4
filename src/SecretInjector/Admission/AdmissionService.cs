using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecretInjector.Injection;
using SecretInjector.Telemetry;

namespace SecretInjector.Admission;

/// <summary>Turns an admission request into a response through the shared decision, and logs the outcome.</summary>
public sealed partial class AdmissionService(
    IDecisionContextSource contexts,
    WebhookTelemetry telemetry,
    TimeProvider time,
    ILogger<AdmissionService> logger)
{
    public async Task<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new AdmissionInput(
            request.Object,
            NamespaceOf(request),
            request.Operation ?? "",
            request.Resource?.Resource ?? "",
            request.SubResource,
            request.DryRun ?? false);
        var started = time.GetTimestamp();
        var podName = request.Name ?? PodNameOf(request);
        using var activity = WebhookTelemetry.Activities.StartActivity("admission review");
        activity?.SetTag("k8s.namespace.name", input.Namespace);
        activity?.SetTag("k8s.pod.name", podName);
        activity?.SetTag("secret_injector.request.uid", request.Uid);
        activity?.SetTag("secret_injector.operation", input.Operation);
        using var scope = logger.BeginScope(new AdmissionLogScope(request.Uid, input.Namespace, podName, input.Operation, input.DryRun));

        Decision decision;
        try
        {
            var context = await contexts.ForAsync(input, cancellationToken).ConfigureAwait(false);
            decision = InjectionDecider.Decide(input, context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A fault of ours must never admit a pod half-checked: deny, and say where to look.
            Log.DecisionFailed(logger, request.Uid, e);
            decision = Decision.Deny(500, "internal-error", "secret-injector failed to decide on this pod; see the webhook's log for the request uid " + request.Uid);
        }

        LogDecision(request, input, podName, decision);
        Record(input, decision, time.GetElapsedTime(started));
        activity?.SetTag("secret_injector.decision", Outcome(decision));
        activity?.SetTag("secret_injector.reason", decision.Reason);
        return ToResponse(request.Uid!, decision);
    }

    private void Record(AdmissionInput input, Decision decision, TimeSpan elapsed)
    {
        telemetry.RecordReview(input.Operation, Outcome(decision), decision.Reason, elapsed);
        if (!decision.Allowed)
            telemetry.RecordDenial(decision.Reason);
        if (decision.AuditViolation is { } violation)
            telemetry.RecordAuditViolation(violation);
        else if (decision.Patch.Count > 0)
            telemetry.RecordInjection(decision.Details?.Mode ?? "", input.DryRun);
    }

    /// <summary><c>patched</c>, <c>allowed</c> (unchanged) or <c>denied</c>.</summary>
    private static string Outcome(Decision decision) =>
        !decision.Allowed ? "denied" : decision.Patch.Count > 0 ? "patched" : "allowed";

    private void LogDecision(AdmissionRequest request, AdmissionInput input, string podName, Decision decision)
    {
        var details = decision.Details;
        var account = details?.ServiceAccount ?? "";
        var role = details?.Role ?? "";
        var secrets = details is null ? "" : string.Join(",", details.Secrets);
        var mode = details?.Mode ?? "";
        if (decision.Allowed && decision.Reason is DecisionReasons.NotOptedIn or DecisionReasons.NotPodCreate or DecisionReasons.NamespaceNotEnabled)
            Log.PassedThrough(logger, request.Uid, input.Namespace, podName, decision.Reason);
        else if (decision.Allowed)
            Log.Admitted(logger, request.Uid, input.Namespace, podName, account, role, mode, secrets, decision.Reason, decision.Patch.Count, input.DryRun);
        else
            Log.Denied(logger, request.Uid, input.Namespace, podName, account, role, mode, secrets, decision.Reason, decision.Message, input.DryRun);
        foreach (var warning in decision.Warnings)
            Log.Warned(logger, request.Uid, input.Namespace, podName, warning);
    }

    /// <summary>Builds the wire response: the patch as base64 JSON, a denial with code, reason and message.</summary>
    public static AdmissionResponse ToResponse(string uid, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var response = new AdmissionResponse
        {
            Uid = uid,
            Allowed = decision.Allowed,
            Warnings = decision.Warnings.Count > 0 ? decision.Warnings : null,
        };
        if (!decision.Allowed)
        {
            response.Status = new AdmissionStatus
            {
                Code = decision.Code,
                Message = decision.Message,
                Reason = decision.Code == 403 ? "Forbidden" : decision.Code >= 500 ? "InternalError" : "BadRequest",
            };
        }
        else if (decision.Patch.Count > 0)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(decision.Patch, AdmissionJsonContext.Default.IReadOnlyListPatchOperation);
            response.Patch = Convert.ToBase64String(bytes);
            response.PatchType = AdmissionResponse.JsonPatchType;
        }

        return response;
    }

    /// <summary>The request's namespace; the API server always sets it, but a hand-made review may only name it in the object.</summary>
    private static string NamespaceOf(AdmissionRequest request) =>
        !string.IsNullOrEmpty(request.Namespace)
            ? request.Namespace
            : PodView.Text((request.Object as System.Text.Json.Nodes.JsonObject)?["metadata"] as System.Text.Json.Nodes.JsonObject, "namespace") ?? "";

    private static string PodNameOf(AdmissionRequest request)
    {
        var (pod, _) = PodView.From(request.Object);
        return pod?.DisplayName ?? "(unnamed)";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, EventName = "Admitted", Level = LogLevel.Information,
            Message = "Admitted pod {Namespace}/{Name} ({Reason}) for request {Uid}: service account {ServiceAccount}, role {Role}, mode {Mode}, secrets {Secrets}, {PatchOperations} patch operations, dry run {DryRun}")]
        public static partial void Admitted(ILogger logger, string? uid, string Namespace, string name, string serviceAccount, string role, string mode, string secrets, string reason, int patchOperations, bool dryRun);

        [LoggerMessage(EventId = 1101, EventName = "Denied", Level = LogLevel.Information,
            Message = "Denied pod {Namespace}/{Name} ({Reason}) for request {Uid}: service account {ServiceAccount}, role {Role}, mode {Mode}, secrets {Secrets}, dry run {DryRun}: {Message}")]
        public static partial void Denied(ILogger logger, string? uid, string Namespace, string name, string serviceAccount, string role, string mode, string secrets, string reason, string? message, bool dryRun);

        [LoggerMessage(EventId = 1104, EventName = "PassedThrough", Level = LogLevel.Debug,
            Message = "Passed pod {Namespace}/{Name} through unchanged ({Reason}) for request {Uid}")]
        public static partial void PassedThrough(ILogger logger, string? uid, string Namespace, string name, string reason);

        [LoggerMessage(EventId = 1103, EventName = "Warned", Level = LogLevel.Information,
            Message = "Warning returned for pod {Namespace}/{Name} in request {Uid}: {Warning}")]
        public static partial void Warned(ILogger logger, string? uid, string Namespace, string name, string warning);

        [LoggerMessage(EventId = 1102, EventName = "DecisionFailed", Level = LogLevel.Error,
            Message = "Deciding request {Uid} failed; the pod is denied")]
        public static partial void DecisionFailed(ILogger logger, string? uid, Exception exception);
    }
}

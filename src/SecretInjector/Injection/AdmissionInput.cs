using System.Text.Json.Nodes;

namespace SecretInjector.Injection;

/// <summary>What the decision needs to know of one admission request (or one manifest's pod template).</summary>
/// <param name="Pod">The pod's raw JSON, exactly as it arrived.</param>
/// <param name="Namespace">The request's namespace (the object may lack <c>metadata.namespace</c>).</param>
/// <param name="Operation"><c>CREATE</c>, <c>UPDATE</c>, ...</param>
/// <param name="Resource">The resource, e.g. <c>pods</c>.</param>
/// <param name="SubResource">The subresource, e.g. <c>ephemeralcontainers</c>, or null.</param>
/// <param name="DryRun">True for a dry run; the decision is the same, and it has no side effects in any case.</param>
public sealed record AdmissionInput(
    JsonNode? Pod,
    string Namespace,
    string Operation,
    string Resource,
    string? SubResource,
    bool DryRun)
{
    /// <summary>A pod CREATE, as the inject command and tests pose it.</summary>
    public static AdmissionInput PodCreate(JsonNode? pod, string ns) =>
        new(pod, ns, "CREATE", "pods", null, false);
}

namespace SecretInjector.Injection;

/// <summary>
/// What the webhook answers for one pod: allow as is, allow with a patch, or deny with a code and a message.
/// Expected outcomes are values, never exceptions.
/// </summary>
/// <param name="Allowed">Whether the pod may be created.</param>
/// <param name="Patch">Operations to apply when allowed; empty for no change.</param>
/// <param name="Warnings">Shown to the user by kubectl; each one line.</param>
/// <param name="Code">HTTP-style status code of a denial (403 policy, 400 bad request); 200 when allowed.</param>
/// <param name="Message">Why the pod was denied, naming what to fix; null when allowed.</param>
/// <param name="Reason">A stable, short token for logs and metrics, e.g. <c>injected</c>, <c>invalid-annotations</c>.</param>
public sealed record Decision(
    bool Allowed,
    IReadOnlyList<PatchOperation> Patch,
    IReadOnlyList<string> Warnings,
    int Code,
    string? Message,
    string Reason)
{
    /// <summary>Who and what the decision was about, once the annotations were read; null before.</summary>
    public DecisionDetails? Details { get; init; }

    /// <summary>
    /// Under <c>enforcement: audit</c>, the reason this pod would have been denied (e.g. <c>secret-not-allowed</c>);
    /// null when nothing was violated. Admitted pods carry it for metrics and logs.
    /// </summary>
    public string? AuditViolation { get; init; }

    public static Decision Allow(string reason, IReadOnlyList<string>? warnings = null) =>
        new(true, [], warnings ?? [], 200, null, reason);

    public static Decision Mutate(IReadOnlyList<PatchOperation> patch, IReadOnlyList<string> warnings) =>
        new(true, patch, warnings, 200, null, DecisionReasons.Injected);

    /// <summary>
    /// Longest denial message kept. A pod can carry thousands of bad annotations; the first problems say what to
    /// fix, and an answer of megabytes would only burden the API server, kubectl and the logs.
    /// </summary>
    public const int MaxMessageLength = 4096;

    public static Decision Deny(int code, string reason, string message, IReadOnlyList<string>? warnings = null) =>
        new(false, [], warnings ?? [], code, Shorten(message), reason);

    private static string Shorten(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length <= MaxMessageLength)
            return message;
        var kept = message[..(MaxMessageLength - 64)];
        return $"{kept} ... ({message.Length - kept.Length} more characters cut)";
    }
}

namespace SecretInjector.Policy;

/// <summary>What the policy says of one pod: allowed, or the reason it is not.</summary>
/// <param name="Allowed">True when every secret is allowed for the pod's role in its namespace.</param>
/// <param name="Reason">A short token for logs and metrics, e.g. <c>secret-not-allowed</c>.</param>
/// <param name="Message">The denial message: namespace, service account, role and the first secret refused.</param>
public sealed record PolicyVerdict(bool Allowed, string Reason, string? Message)
{
    public static PolicyVerdict Allow { get; } = new(true, "allowed", null);

    public static PolicyVerdict Deny(string reason, string message) => new(false, reason, message);
}

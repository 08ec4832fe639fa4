namespace SecretInjector.Contract;

/// <summary>How the webhook's settings tune every injected agent; a null member leaves the agent's default.</summary>
/// <param name="TimeoutSeconds">Bound on one whole fetch, credentials and retries included (agent default 60 s).</param>
/// <param name="BatchThreshold">Secrets per region from which <c>BatchGetSecretValue</c> is used; 0 never (agent default 10).</param>
public sealed record AgentTuning(int? TimeoutSeconds, int? BatchThreshold);

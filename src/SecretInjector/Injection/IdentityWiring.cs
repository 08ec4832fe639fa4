using System.Text.Json.Nodes;

namespace SecretInjector.Injection;

/// <summary>The AWS identity the injected containers carry: env entries, their volume mounts, and any volume to add.</summary>
/// <param name="Env">Env entries such as <c>AWS_ROLE_ARN</c> and <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>.</param>
/// <param name="Mounts">Mounts that hold the token files those entries name.</param>
/// <param name="Volumes">Volumes the webhook adds itself (none when copied from an app container).</param>
/// <param name="Source">Where the identity came from, for logs: <c>irsa</c>, <c>pod-identity</c>, <c>service-account</c> or <c>none</c>.</param>
public sealed record IdentityWiring(
    IReadOnlyList<JsonObject> Env,
    IReadOnlyList<JsonObject> Mounts,
    IReadOnlyList<JsonObject> Volumes,
    string Source)
{
    public static IdentityWiring None { get; } = new([], [], [], "none");
}

using System.Text.Json.Nodes;

namespace SecretInjector.Injection;

/// <summary>
/// Finds the identity that the EKS pod identity webhook (IRSA) or EKS Pod Identity already gave the app
/// containers, so the injected containers read secrets as the same role.
/// </summary>
public static class IdentityCopier
{
    public const string RoleArn = "AWS_ROLE_ARN";
    public const string WebIdentityTokenFile = "AWS_WEB_IDENTITY_TOKEN_FILE";
    public const string ContainerCredentialsUri = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public const string ContainerAuthorizationTokenFile = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

    /// <summary>Env names copied with the identity: the credentials themselves and where to use them.</summary>
    private static readonly HashSet<string> CopiedEnv =
    [
        RoleArn, WebIdentityTokenFile, "AWS_ROLE_SESSION_NAME", "AWS_STS_REGIONAL_ENDPOINTS",
        ContainerCredentialsUri, ContainerAuthorizationTokenFile, "AWS_REGION", "AWS_DEFAULT_REGION",
    ];

    /// <summary>
    /// The identity of the first container that carries one, looking at <paramref name="preferred"/> first and
    /// then every app container; <see cref="IdentityWiring.None"/> when none does.
    /// </summary>
    public static IdentityWiring FromPod(PodView pod, IEnumerable<JsonObject> preferred)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var candidates = preferred.Concat(pod.Containers?.OfType<JsonObject>() ?? []);
        foreach (var container in candidates)
        {
            var env = EnvByName(container);
            var source = SourceOf(env);
            if (source is null)
                continue;

            var copied = env.Where(e => CopiedEnv.Contains(e.Key)).Select(e => (JsonObject)e.Value.DeepClone()).ToList();
            var tokenFiles = new[] { WebIdentityTokenFile, ContainerAuthorizationTokenFile }
                .Select(n => env.TryGetValue(n, out var e) ? PodView.Text(e, "value") : null)
                .OfType<string>()
                .ToList();
            return new IdentityWiring(copied, TokenMounts(container, tokenFiles), [], source);
        }

        return IdentityWiring.None;
    }

    /// <summary>
    /// Every container, init containers included, whose env carries an IRSA or Pod Identity identity, with the role
    /// (IRSA) and region it names: the identities the agent may be given, which the policy must judge.
    /// </summary>
    public static IReadOnlyList<IdentityCarrier> Carriers(PodView pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var carriers = new List<IdentityCarrier>();
        foreach (var (list, _, container) in pod.AllContainers().Where(c => c.List != "ephemeralContainers"))
        {
            var env = EnvByName(container);
            var source = SourceOf(env);
            if (source is null)
                continue;
            var region = ValueOf(env, "AWS_REGION") ?? ValueOf(env, "AWS_DEFAULT_REGION");
            var role = source == "irsa" ? ValueOf(env, RoleArn) : null;
            carriers.Add(new IdentityCarrier($"{list}/{PodView.Text(container, "name")}", source, role, region, source == "irsa" && role is null));
        }

        return carriers;
    }

    /// <summary>True when some app container already carries an IRSA or Pod Identity identity.</summary>
    public static bool PodHasIdentity(PodView pod) => FromPod(pod, []).Source != "none";

    private static string? SourceOf(Dictionary<string, JsonObject> env) =>
        env.ContainsKey(RoleArn) && env.ContainsKey(WebIdentityTokenFile) ? "irsa"
        : env.ContainsKey(ContainerCredentialsUri) && env.ContainsKey(ContainerAuthorizationTokenFile) ? "pod-identity"
        : null;

    private static string? ValueOf(Dictionary<string, JsonObject> env, string name) =>
        env.TryGetValue(name, out var entry) ? PodView.Text(entry, "value") : null;

    private static Dictionary<string, JsonObject> EnvByName(JsonObject container)
    {
        var byName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var entry in (container["env"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (PodView.Text(entry, "name") is { } name)
                byName.TryAdd(name, entry);
        }

        return byName;
    }

    private static List<JsonObject> TokenMounts(JsonObject container, List<string> tokenFiles)
    {
        var mounts = new List<JsonObject>();
        foreach (var mount in (container["volumeMounts"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var path = PodView.Text(mount, "mountPath");
            // The token's folder, or the token file itself mounted alone with subPath.
            if (path is null || !tokenFiles.Any(f => MountPaths.IsBelow(f, path) || MountPaths.Normalize(f) == MountPaths.Normalize(path)))
                continue;
            var copy = new JsonObject
            {
                ["name"] = mount["name"]?.DeepClone(),
                ["mountPath"] = path,
                ["readOnly"] = true,
            };
            if (mount["subPath"] is { } subPath)
                copy["subPath"] = subPath.DeepClone();
            mounts.Add(copy);
        }

        return mounts;
    }
}

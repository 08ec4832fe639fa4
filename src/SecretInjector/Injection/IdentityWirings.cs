using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using SecretInjector.Cluster;
using SecretInjector.Configuration;

namespace SecretInjector.Injection;

/// <summary>
/// The identity the webhook gives its own containers when the pod does not carry one yet, the same the EKS pod
/// identity webhook (IRSA) or the EKS Pod Identity webhook would give, so the agent has credentials whatever
/// order the webhooks run in.
/// </summary>
public static class IdentityWirings
{
    public const string IrsaTokenDirectory = "/var/run/secrets/eks.amazonaws.com/serviceaccount";
    public const string PodIdentityTokenDirectory = "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount";
    public const string PodIdentityTokenFile = "eks-pod-identity-token";
    public const string PodIdentityCredentialsUri = "http://169.254.170.23/v1/credentials";
    public const string RoleAnnotation = "eks.amazonaws.com/role-arn";

    /// <summary>IRSA: a projected service account token for STS and the variables that point at it.</summary>
    public static IdentityWiring Irsa(string roleArn, ServiceAccountObject serviceAccount, InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(serviceAccount);
        ArgumentNullException.ThrowIfNull(options);
        var annotations = serviceAccount.Annotations;
        var audience = annotations.GetValueOrDefault("eks.amazonaws.com/audience", "sts.amazonaws.com");
        var expiration = TokenExpiration(annotations.GetValueOrDefault("eks.amazonaws.com/token-expiration"));
        var env = new List<JsonObject>
        {
            Env(IdentityCopier.RoleArn, roleArn),
            Env(IdentityCopier.WebIdentityTokenFile, IrsaTokenDirectory + "/token"),
        };
        if (annotations.GetValueOrDefault("eks.amazonaws.com/sts-regional-endpoints") == "true")
            env.Add(Env("AWS_STS_REGIONAL_ENDPOINTS", "regional"));
        AddRegion(env, options);
        var volume = TokenVolume(InjectedNames.TokenVolume, audience, expiration, "token");
        return new IdentityWiring(env, [Mount(InjectedNames.TokenVolume, IrsaTokenDirectory)], [volume], "service-account");
    }

    /// <summary>EKS Pod Identity: the agent's credentials endpoint and a token for it.</summary>
    public static IdentityWiring PodIdentity(InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var env = new List<JsonObject>
        {
            Env(IdentityCopier.ContainerCredentialsUri, PodIdentityCredentialsUri),
            Env(IdentityCopier.ContainerAuthorizationTokenFile, PodIdentityTokenDirectory + "/" + PodIdentityTokenFile),
        };
        AddRegion(env, options);
        var volume = TokenVolume(InjectedNames.PodIdentityTokenVolume, "pods.eks.amazonaws.com", 86400, PodIdentityTokenFile);
        return new IdentityWiring(env, [Mount(InjectedNames.PodIdentityTokenVolume, PodIdentityTokenDirectory)], [volume], "pod-identity-association");
    }

    /// <summary>Shortest token lifetime the API server accepts (and the EKS pod identity webhook raises shorter ones to).</summary>
    public const long MinTokenExpirationSeconds = 600;

    /// <summary>Longest token lifetime the API server accepts (2^32 - 1 seconds).</summary>
    public const long MaxTokenExpirationSeconds = uint.MaxValue;

    /// <summary>Token lifetime when the service account does not give a whole number of seconds.</summary>
    public const long DefaultTokenExpirationSeconds = 86400;

    /// <summary>
    /// The <c>eks.amazonaws.com/token-expiration</c> annotation as the EKS pod identity webhook reads it: a whole
    /// number of seconds (optional sign) raised to 600, here also lowered to 2^32 - 1 so the API server takes it;
    /// anything else is the default of a day.
    /// </summary>
    internal static long TokenExpiration(string? annotation)
    {
        if (!BigInteger.TryParse(annotation, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
            return DefaultTokenExpirationSeconds;
        return (long)BigInteger.Clamp(seconds, MinTokenExpirationSeconds, MaxTokenExpirationSeconds);
    }

    private static void AddRegion(List<JsonObject> env, InjectorOptions options)
    {
        if (options.AwsRegion.Length == 0)
            return;
        env.Add(Env("AWS_REGION", options.AwsRegion));
        env.Add(Env("AWS_DEFAULT_REGION", options.AwsRegion));
    }

    private static JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject Mount(string volume, string path) => new()
    {
        ["name"] = volume,
        ["mountPath"] = path,
        ["readOnly"] = true,
    };

    private static JsonObject TokenVolume(string name, string audience, long expirationSeconds, string path) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["sources"] = new JsonArray(new JsonObject
            {
                ["serviceAccountToken"] = new JsonObject
                {
                    ["audience"] = audience,
                    ["expirationSeconds"] = expirationSeconds,
                    ["path"] = path,
                },
            }),
        },
    };
}

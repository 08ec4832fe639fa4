using Amazon.Runtime;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;

namespace SecretInjector.Aws;

/// <summary>
/// Hands the credential chain its STS client (used for IRSA's <c>AssumeRoleWithWebIdentity</c>) directly, instead of
/// letting AWSSDK.Core load AWSSDK.SecurityToken by reflection, which a trimmed or ahead-of-time build would break.
/// </summary>
public static class StsClientRegistration
{
    private static int _registered;

    /// <summary>Registers once per process; later calls do nothing.</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
            return;
        GlobalRuntimeDependencyRegistry.Instance.RegisterSecurityTokenServiceClient(Create);
    }

    private static object Create(CreateInstanceContext context)
    {
        var sts = context.SecurityTokenServiceClientContextData;
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = sts.Region };
        if (sts.ProxySettings is { } proxy)
            config.SetWebProxy(proxy);

        // AssumeRoleWithWebIdentity is unsigned: the web identity token is the credential.
        return new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
    }
}

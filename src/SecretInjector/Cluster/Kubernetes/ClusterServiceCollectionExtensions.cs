using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>Registers the Kubernetes API as the webhook's cluster source.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>The service key of the <see cref="IKubernetes"/> client the cluster cache uses.</summary>
    public const string ClientKey = "SecretInjector.Cluster";

    /// <summary>
    /// Registers <see cref="IClusterSource"/> as a <see cref="KubernetesClusterSource"/> and the hosted
    /// <see cref="ClusterCacheService"/> that keeps its caches. The client is configured from
    /// <paramref name="kubeconfigPath"/> (its current context) when given, else from the pod's service account.
    /// Tune it with <c>services.Configure&lt;KubernetesClusterOptions&gt;(...)</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No kubeconfig was given and this is not in a cluster.</exception>
    public static IServiceCollection AddKubernetesCluster(this IServiceCollection services, string? kubeconfigPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        var config = ClientConfiguration(kubeconfigPath);

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<KubernetesClusterOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor
            .Singleton<IValidateOptions<KubernetesClusterOptions>, KubernetesClusterOptionsValidator>());

        // Keyed, so the container disposes the client at shutdown without claiming IKubernetes for everyone.
        services.AddKeyedSingleton<IKubernetes>(ClientKey, (_, _) => new k8s.Kubernetes(config));
        services.AddSingleton(sp => new KubernetesClusterSource(
            sp.GetRequiredKeyedService<IKubernetes>(ClientKey),
            sp.GetRequiredService<IOptions<KubernetesClusterOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<KubernetesClusterSource>>()));
        services.AddSingleton<IClusterSource>(sp => sp.GetRequiredService<KubernetesClusterSource>());
        services.AddHostedService<ClusterCacheService>();
        return services;
    }

    private static KubernetesClientConfiguration ClientConfiguration(string? kubeconfigPath)
    {
        if (!string.IsNullOrEmpty(kubeconfigPath))
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        if (KubernetesClientConfiguration.IsInCluster())
            return KubernetesClientConfiguration.InClusterConfig();
        throw new InvalidOperationException(
            "no --kubeconfig given and not running in a cluster; pass --kubeconfig PATH or --objects FILE");
    }
}

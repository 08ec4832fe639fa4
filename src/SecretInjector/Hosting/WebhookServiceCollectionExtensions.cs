using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecretInjector.Admission;
using System.Security.Cryptography;
using k8s.Exceptions;
using YamlDotNet.Core;
using SecretInjector.Cluster;
using SecretInjector.Cluster.Kubernetes;
using SecretInjector.Configuration;
using SecretInjector.Policy;

namespace SecretInjector.Hosting;

/// <summary>Registers the webhook's services, one area per method.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>The injection settings from the optional YAML file, validated before the server starts.</summary>
    public static IServiceCollection AddInjectorSettings(this IServiceCollection services, string? configPath)
    {
        var configuration = SettingsLoader.Configuration(configPath);
        services.AddOptions<InjectorOptions>()
            .Bind(configuration, o => o.ErrorOnUnknownConfiguration = true)
            .PostConfigure(o => SettingsLoader.ReplaceResourceMaps(o, configuration, configPath))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<InjectorOptions>, InjectorOptionsValidator>();
        return services;
    }

    public static IServiceCollection AddCertificateReloading(
        this IServiceCollection services,
        string certPath,
        string keyPath,
        TimeSpan interval)
    {
        services.AddSingleton(sp => new CertificateReloader(
            certPath, keyPath, interval, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CertificateReloader>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CertificateReloader>());
        return services;
    }

    /// <summary>The policy file, loaded now (a bad file stops the start with its line and field) and reloaded on change.</summary>
    public static IServiceCollection AddPolicyFile(this IServiceCollection services, string path, TimeSpan interval)
    {
        services.AddSingleton(sp => new PolicyFileStore(
            path, interval, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PolicyFileStore>>()));
        services.AddSingleton<IPolicySource>(sp => sp.GetRequiredService<PolicyFileStore>());
        services.AddHostedService(sp => sp.GetRequiredService<PolicyFileStore>());
        return services;
    }

    /// <summary>Cluster objects from the <c>--objects</c> file, or from the API server through a watch-backed cache.</summary>
    public static IServiceCollection AddClusterSource(this IServiceCollection services, ServeArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.ObjectsPath is not null)
        {
            var source = ObjectsFileClusterSource.Load(arguments.ObjectsPath);
            services.AddSingleton<IClusterSource>(source);
            return services;
        }

        try
        {
            return services.AddKubernetesCluster(arguments.KubeconfigPath);
        }
        catch (Exception e) when (arguments.KubeconfigPath is null && e is InvalidOperationException or KubeConfigException or IOException)
        {
            throw new SettingsException(e.Message, e);
        }
        catch (Exception e) when (arguments.KubeconfigPath is not null && IsKubeconfigProblem(e))
        {
            throw KubeconfigException(arguments.KubeconfigPath, e);
        }
    }

    /// <summary>
    /// What the Kubernetes client throws for a kubeconfig it cannot use: it deserializes the file without checks,
    /// so a file of the wrong shape surfaces as a YAML, cast, format or null-reference error.
    /// </summary>
    internal static bool IsKubeconfigProblem(Exception e) =>
        e is KubeConfigException or YamlException or InvalidOperationException or IOException or UnauthorizedAccessException
            or FormatException or ArgumentException or InvalidCastException or NullReferenceException or CryptographicException;

    /// <summary>One line naming <c>--kubeconfig</c> and what is wrong with the file.</summary>
    internal static SettingsException KubeconfigException(string path, Exception e)
    {
        var reason = e switch
        {
            YamlException { InnerException: not null } y =>
                $"line {y.Start.Line}, column {y.Start.Column}: not a kubeconfig (a value there has the wrong type)",
            YamlException y => $"line {y.Start.Line}, column {y.Start.Column}: {y.Message}",
            NullReferenceException or InvalidCastException => "not a kubeconfig (empty, or missing the clusters, contexts and users it needs)",
            _ => e.Message,
        };
        return new SettingsException($"--kubeconfig {path}: {InjectorOptionsValidator.Escape(reason)}", e);
    }

    public static IServiceCollection AddAdmission(this IServiceCollection services)
    {
        services.TryAddSingleton<IDecisionContextSource, ClusterDecisionContextSource>();
        services.AddSingleton<AdmissionService>();
        services.AddSingleton<ReadinessGate>();
        return services;
    }
}

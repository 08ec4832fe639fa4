using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecretInjector.Admission;
using SecretInjector.Configuration;

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

    public static IServiceCollection AddAdmission(this IServiceCollection services)
    {
        services.TryAddSingleton<IDecisionContextSource, StaticDecisionContextSource>();
        services.AddSingleton<AdmissionService>();
        services.AddSingleton<ReadinessGate>();
        return services;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecretInjector.Admission;
using SecretInjector.Cluster;
using SecretInjector.Configuration;
using SecretInjector.Policy;
using SecretInjector.Telemetry;

namespace SecretInjector.Hosting;

/// <summary>Builds the webhook: Kestrel with a reloadable certificate, the admission endpoints, and their services.</summary>
public static class WebhookHost
{
    /// <summary>Builds (without starting) the web application for <paramref name="arguments"/>.</summary>
    /// <exception cref="SettingsException">The arguments or a file they name cannot be used.</exception>
    public static WebApplication Build(ServeArguments arguments, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var urls = arguments.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var https = urls.Any(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase));
        if (https && (arguments.TlsCertPath is null || arguments.TlsKeyPath is null))
            throw new SettingsException("--tls-cert and --tls-key are required to serve https (the API server only calls webhooks over TLS)");
        if (arguments.PolicyPath is null)
            throw new SettingsException("--policy PATH is required: the webhook admits nothing it cannot check (start with enforcement: audit to roll out gently)");

        // The same check inject makes, so a bad settings file stops the start with one line naming what is wrong.
        SettingsLoader.Load(arguments.ConfigPath);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = arguments.ShutdownTimeout);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = AdmissionReviewReader.MaxBodyBytes;
            if (https)
            {
                var reloader = kestrel.ApplicationServices.GetRequiredService<CertificateReloader>();
                kestrel.ConfigureHttpsDefaults(h => h.ServerCertificateSelector = (_, _) => reloader.Current);
            }
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddInjectorSettings(arguments.ConfigPath);
        if (https)
            builder.Services.AddCertificateReloading(arguments.TlsCertPath!, arguments.TlsKeyPath!, arguments.CertificateCheckInterval);
        builder.Services.AddPolicyFile(arguments.PolicyPath, arguments.PolicyCheckInterval);
        builder.Services.AddClusterSource(arguments);
        builder.Services.AddAdmission();
        builder.Services.AddWebhookTelemetry();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();

        // Load the files now, so a bad policy, certificate or objects file stops the start with its reason.
        _ = app.Services.GetRequiredService<IPolicySource>();
        try
        {
            // The Kubernetes client reads the kubeconfig's certificates only when it is created.
            _ = app.Services.GetRequiredService<IClusterSource>();
        }
        catch (Exception e) when (arguments is { ObjectsPath: null, KubeconfigPath: not null }
            && WebhookServiceCollectionExtensions.IsKubeconfigProblem(e))
        {
            throw WebhookServiceCollectionExtensions.KubeconfigException(arguments.KubeconfigPath, e);
        }

        if (https)
            _ = app.Services.GetRequiredService<CertificateReloader>();
        var gate = app.Services.GetRequiredService<ReadinessGate>();
        app.Lifetime.ApplicationStopping.Register(gate.Close);
        ConnectTelemetry(app);
        app.MapAdmission();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static void ConnectTelemetry(WebApplication app)
    {
        var telemetry = app.Services.GetRequiredService<WebhookTelemetry>();
        var cluster = app.Services.GetRequiredService<IClusterSource>();
        telemetry.ObserveClusterSync(() => cluster.IsSynced);
        if (app.Services.GetRequiredService<IPolicySource>() is PolicyFileStore store)
            store.Reloaded += (success, _) => telemetry.RecordPolicyReload(success);
    }

    /// <summary>The addresses the server actually listens on (ports resolved), once started.</summary>
    public static IReadOnlyList<string> BoundAddresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feature = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return feature?.Addresses.ToList() ?? [];
    }
}

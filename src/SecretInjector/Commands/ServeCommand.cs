using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using SecretInjector.Configuration;
using SecretInjector.Hosting;
using SecretInjector.Manifests;
using SecretInjector.Policy;

namespace SecretInjector.Commands;

/// <summary><c>secret-injector serve</c>: the admission webhook over HTTPS.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, ASP.NET style", DefaultValueFactory = _ => ServeArguments.DefaultUrls };
        var cert = new Option<string?>("--tls-cert") { Description = "PEM certificate file; a replaced file is picked up without a restart" };
        var key = new Option<string?>("--tls-key") { Description = "PEM private key file of the certificate" };
        var config = new Option<string?>("--config") { Description = "Settings file (YAML): image, resources, default mode and mount path" };
        var policy = new Option<string?>("--policy") { Description = "Policy file (YAML), reloaded when it changes; required" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file; in-cluster configuration when absent (outside a cluster, give this or --objects)" };
        var objects = new Option<string?>("--objects") { Description = "YAML file of Namespaces, ServiceAccounts and SecretProviderClasses to use instead of a cluster" };
        var shutdown = new Option<int>("--shutdown-timeout") { Description = "Seconds that requests in flight may take to finish after SIGTERM", DefaultValueFactory = _ => 20 };
        var command = new Command("serve", "Serve the mutating admission webhook over HTTPS")
        {
            urls, cert, key, config, policy, kubeconfig, objects, shutdown,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new ServeArguments(
                parse.GetValue(urls)!,
                parse.GetValue(cert),
                parse.GetValue(key),
                parse.GetValue(config),
                parse.GetValue(policy),
                parse.GetValue(kubeconfig),
                parse.GetValue(objects)) { ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(shutdown))) },
            Console.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(ServeArguments arguments, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var app = WebhookHost.Build(arguments);
            await app.RunAsync().ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (PolicyException e)
        {
            await error.WriteLineAsync($"secret-injector serve: policy: {e.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (ManifestException e)
        {
            await error.WriteLineAsync($"secret-injector serve: objects: {e.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (SettingsException e)
        {
            await error.WriteLineAsync($"secret-injector serve: {e.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"secret-injector serve: settings: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is CryptographicException or FileNotFoundException or DirectoryNotFoundException)
        {
            await error.WriteLineAsync($"secret-injector serve: cannot load the TLS certificate and key: {e.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (IOException e)
        {
            // Kestrel reports an address in use or not available this way.
            await error.WriteLineAsync($"secret-injector serve: cannot listen on {arguments.Urls}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}

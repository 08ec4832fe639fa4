using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
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
        var shutdown = new Option<int>("--shutdown-timeout") { Description = "Seconds (1 to 3600) that requests in flight may take to finish after SIGTERM", DefaultValueFactory = _ => 20 };
        shutdown.Validators.Add(result =>
        {
            // Only a number can be out of range; text that is not one gets the parser's own error.
            if (result.Tokens is [var token] && int.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is < 1 or > 3600)
                result.AddError($"--shutdown-timeout {seconds} must be from 1 to 3600 seconds");
        });
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
                parse.GetValue(objects)) { ShutdownTimeout = TimeSpan.FromSeconds(parse.GetValue(shutdown)) },
            Console.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(ServeArguments arguments, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(error);
        if (UrlsProblem(arguments.Urls) is { } urlsProblem)
        {
            await error.WriteLineAsync($"secret-injector serve: --urls: {urlsProblem}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var directory = FileArguments.DirectoryProblem(
            ("--tls-cert", arguments.TlsCertPath),
            ("--tls-key", arguments.TlsKeyPath),
            ("--policy", arguments.PolicyPath),
            ("--objects", arguments.ObjectsPath),
            ("--kubeconfig", arguments.KubeconfigPath));
        if (directory is not null)
        {
            await error.WriteLineAsync($"secret-injector serve: {directory}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        try
        {
            await using var app = WebhookHost.Build(arguments);
            try
            {
                await app.StartAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                // Kestrel parses the addresses only when it binds; the check above should leave nothing for here.
                var urls = InjectorOptionsValidator.Quote(arguments.Urls);
                await error.WriteLineAsync($"secret-injector serve: --urls: cannot listen on {urls}: {InjectorOptionsValidator.Escape(e.Message)}")
                    .ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
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
            var failures = InjectorOptionsValidator.Escape(string.Join("; ", e.Failures));
            await error.WriteLineAsync($"secret-injector serve: settings: {failures}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is CryptographicException or FileNotFoundException or DirectoryNotFoundException or InputTooLargeException)
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

    /// <summary>
    /// Why <paramref name="urls"/> cannot be listened on, or null: each semicolon-separated address must be
    /// <c>http</c> or <c>https</c>, name a host (an IP address, a host name, <c>localhost</c>, or <c>*</c> or
    /// <c>+</c> for every interface) and a port from 0 to 65535, and carry no path (Kestrel would refuse it only
    /// when it starts, with a stack trace).
    /// </summary>
    internal static string? UrlsProblem(string urls)
    {
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0)
            return $"no address given; give one such as {ServeArguments.DefaultUrls}";
        foreach (var address in addresses)
        {
            if (AddressProblem(address) is { } problem)
                return $"{InjectorOptionsValidator.Quote(address)} {problem}; give an address such as {ServeArguments.DefaultUrls}";
        }

        return null;
    }

    private static string? AddressProblem(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            return "is not a URL (scheme://host:port)";
        var scheme = address[..schemeEnd];
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
            return "has a scheme other than http or https";
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return "is not a URL (scheme://host:port)";
        }

        if (binding.IsUnixPipe)
            return binding.UnixPipePath.StartsWith('/') ? null : "names a Unix socket without an absolute path";
        if (binding.PathBase.Length > 0)
            return "has a path; the webhook answers at /mutate of the address itself";
        if (binding.Port is < 0 or > 65535)
            return "has a port outside 0 to 65535";
        var host = binding.Host;
        var ok = host is "*" or "+"
            || (host.StartsWith('[') && host.EndsWith(']')
                && IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            || (!host.StartsWith('[') && Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4);
        return ok ? null : "does not name a host (an IP address, a host name, or * for every interface)";
    }
}

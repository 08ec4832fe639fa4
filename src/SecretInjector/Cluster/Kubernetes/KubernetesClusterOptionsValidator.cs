using Microsoft.Extensions.Options;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>Reports every unusable <see cref="KubernetesClusterOptions"/> value at once, by name.</summary>
public sealed class KubernetesClusterOptionsValidator : IValidateOptions<KubernetesClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        Positive(problems, nameof(options.LookupTimeout), options.LookupTimeout);
        Positive(problems, nameof(options.InitialBackoff), options.InitialBackoff);
        Positive(problems, nameof(options.WatchTimeout), options.WatchTimeout);
        Positive(problems, nameof(options.StalledWatchGrace), options.StalledWatchGrace);
        Positive(problems, nameof(options.MissingResourceRetryInterval), options.MissingResourceRetryInterval);
        if (options.MaxBackoff < options.InitialBackoff)
        {
            problems.Add($"{nameof(options.MaxBackoff)} ({options.MaxBackoff}) must not be below "
                + $"{nameof(options.InitialBackoff)} ({options.InitialBackoff})");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Positive(List<string> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            problems.Add($"{key} must be positive, got {value}");
    }
}

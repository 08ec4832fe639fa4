using Microsoft.Extensions.Options;
using SecretInjector.Injection;

namespace SecretInjector.Configuration;

/// <summary>Checks every setting at once and names the key to fix.</summary>
public sealed class InjectorOptionsValidator : IValidateOptions<InjectorOptions>
{
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];

    public ValidateOptionsResult Validate(string? name, InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Every problem of the settings, each naming the key.</summary>
    public static IEnumerable<string> Problems(InjectorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Image))
            yield return "image: must name the injector image";
        if (!PullPolicies.Contains(options.ImagePullPolicy, StringComparer.Ordinal))
            yield return $"imagePullPolicy: '{options.ImagePullPolicy}' is not one of Always, IfNotPresent, Never";
        if (!InjectionModes.TryParse(options.DefaultMode, out _))
            yield return $"defaultMode: '{options.DefaultMode}' is not one of init, csi, sidecar";
        if (MountPaths.Problem(options.DefaultMountPath) is { } mountProblem)
            yield return $"defaultMountPath: {mountProblem}";
        if (options.AgentUser <= 0)
            yield return $"agentUser: {options.AgentUser} must be a non-root UID (above 0)";
        if (!Quantities.IsValid(options.SecretsVolumeSizeLimit))
            yield return $"secretsVolumeSizeLimit: '{options.SecretsVolumeSizeLimit}' is not a Kubernetes quantity";
        if (options.AwsRegion.Length > 0 && !AwsRegions.IsValid(options.AwsRegion))
            yield return $"awsRegion: '{options.AwsRegion}' is not an AWS region such as us-east-1";
        if (options.MinRefreshIntervalSeconds < 1)
            yield return "minRefreshIntervalSeconds: must be at least 1";
        if (options.FetchTimeoutSeconds is < 1 or > 3600)
            yield return $"fetchTimeoutSeconds: {options.FetchTimeoutSeconds} must be from 1 to 3600";
        if (options.BatchThreshold is < 0)
            yield return $"batchThreshold: {options.BatchThreshold} must be 0 (never batch) or more";
        if (options.AgentOtlpEndpoint.Length > 0
            && !(Uri.TryCreate(options.AgentOtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"))
            yield return $"agentOtlpEndpoint: '{options.AgentOtlpEndpoint}' is not an http or https URL such as http://otel-collector.monitoring:4318";
        foreach (var problem in ResourceProblems("requests", options.Requests))
            yield return problem;
        foreach (var problem in ResourceProblems("limits", options.Limits))
            yield return problem;
        if (options.Limits.Count == 0)
            yield return "limits: injected containers need limits (the restricted profile of many clusters asks for them)";
    }

    private static IEnumerable<string> ResourceProblems(string key, Dictionary<string, string> resources)
    {
        foreach (var (resource, quantity) in resources)
        {
            if (!Quantities.IsValid(quantity))
                yield return $"{key}.{resource}: '{quantity}' is not a Kubernetes quantity";
        }
    }
}

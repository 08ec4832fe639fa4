using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SecretInjector.Injection;

namespace SecretInjector.Configuration;

/// <summary>Checks every setting at once and names the key to fix.</summary>
public sealed partial class InjectorOptionsValidator : IValidateOptions<InjectorOptions>
{
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];

    /// <summary>The resources a container may name without a domain prefix (besides <c>hugepages-SIZE</c>).</summary>
    private static readonly string[] ContainerResources = ["cpu", "memory", "ephemeral-storage"];

    /// <summary>Highest UID a Linux process can have (kernel UIDs are 32 bits; Kubernetes allows up to 2^31-1).</summary>
    public const long MaxUid = int.MaxValue;

    /// <summary>Longest <c>refresh-interval</c> a pod may ask for (24h): a higher minimum would deny every sidecar pod.</summary>
    public const int MaxRefreshIntervalSeconds = 86400;

    public ValidateOptionsResult Validate(string? name, InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Every problem of the settings, each naming the key.</summary>
    public static IEnumerable<string> Problems(InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Image))
            yield return "image: must name the injector image";
        else if (!IsImageReference(options.Image))
        {
            yield return $"image: {Quote(options.Image)} is not an image reference such as registry.example/secret-injector:1.0 "
                + "(lower-case repository, optional :tag and @sha256:digest, no spaces)";
        }

        if (!PullPolicies.Contains(options.ImagePullPolicy, StringComparer.Ordinal))
            yield return $"imagePullPolicy: {Quote(options.ImagePullPolicy)} is not one of Always, IfNotPresent, Never";
        if (!InjectionModes.TryParse(options.DefaultMode, out _))
            yield return $"defaultMode: {Quote(options.DefaultMode)} is not one of init, csi, sidecar";
        if (MountPaths.Problem(options.DefaultMountPath) is { } mountProblem)
            yield return $"defaultMountPath: {Escape(mountProblem)}";
        if (options.AgentUser is < 1 or > MaxUid)
            yield return $"agentUser: {options.AgentUser} must be a Linux UID from 1 to {MaxUid} (non-root)";
        if (!Quantities.IsValid(options.SecretsVolumeSizeLimit))
            yield return $"secretsVolumeSizeLimit: {Quote(options.SecretsVolumeSizeLimit)} is not a Kubernetes quantity";
        else if (!Quantities.TryParseNanos(options.SecretsVolumeSizeLimit, out var sizeLimit))
            yield return $"secretsVolumeSizeLimit: {Quote(options.SecretsVolumeSizeLimit)} is out of range";
        else if (sizeLimit < 0)
            yield return $"secretsVolumeSizeLimit: {Quote(options.SecretsVolumeSizeLimit)} must not be negative";
        if (options.AwsRegion.Length > 0 && !AwsRegions.IsValid(options.AwsRegion))
            yield return $"awsRegion: {Quote(options.AwsRegion)} is not an AWS region such as us-east-1";
        if (options.MinRefreshIntervalSeconds is < 1 or > MaxRefreshIntervalSeconds)
        {
            yield return $"minRefreshIntervalSeconds: {options.MinRefreshIntervalSeconds} must be from 1 to {MaxRefreshIntervalSeconds} "
                + "(the longest refresh-interval a pod may ask for is 24h)";
        }

        if (options.FetchTimeoutSeconds is < 1 or > 3600)
            yield return $"fetchTimeoutSeconds: {options.FetchTimeoutSeconds} must be from 1 to 3600";
        if (options.BatchThreshold is < 0)
            yield return $"batchThreshold: {options.BatchThreshold} must be 0 (never batch) or more";
        if (options.AgentOtlpEndpoint.Length > 0
            && !(Uri.TryCreate(options.AgentOtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"))
            yield return $"agentOtlpEndpoint: {Quote(options.AgentOtlpEndpoint)} is not an http or https URL such as http://otel-collector.monitoring:4318";
        foreach (var problem in ResourceProblems("requests", options.Requests))
            yield return problem;
        foreach (var problem in ResourceProblems("limits", options.Limits))
            yield return problem;
        foreach (var problem in RequestAboveLimitProblems(options.Requests, options.Limits))
            yield return problem;
        if (options.Limits.Count == 0)
            yield return "limits: injected containers need limits (the restricted profile of many clusters asks for them)";
    }

    private static IEnumerable<string> ResourceProblems(string key, Dictionary<string, string> resources)
    {
        foreach (var (resource, quantity) in resources)
        {
            if (!IsContainerResource(resource))
            {
                yield return $"{key}: {Quote(resource)} is not a container resource (cpu, memory, ephemeral-storage, "
                    + "hugepages-SIZE, or an extended resource with a domain such as example.com/gpu)";
            }
            else if (!Quantities.IsValid(quantity))
            {
                yield return $"{key}.{resource}: {Quote(quantity)} is not a Kubernetes quantity";
            }
            else if (!Quantities.TryParseNanos(quantity, out var nanos))
            {
                yield return $"{key}.{resource}: {Quote(quantity)} is out of range";
            }
            else if (nanos < 0)
            {
                yield return $"{key}.{resource}: {Quote(quantity)} must not be negative";
            }
            else if (IsExtendedResource(resource) && !(nanos % NanosPerUnit).IsZero)
            {
                yield return $"{key}.{resource}: {Quote(quantity)} must be a whole number (an extended resource is counted in units)";
            }
        }
    }

    /// <summary>
    /// What the API server refuses across the two maps: a request above its limit, and for resources that cannot
    /// be overcommitted (huge pages, extended resources) a request without an equal limit.
    /// </summary>
    private static IEnumerable<string> RequestAboveLimitProblems(Dictionary<string, string> requests, Dictionary<string, string> limits)
    {
        foreach (var (resource, quantity) in requests)
        {
            if (!IsContainerResource(resource) || !Quantities.TryParseNanos(quantity, out var request) || request < 0)
                continue;
            var overcommittable = IsOvercommittable(resource);
            if (!limits.TryGetValue(resource, out var limitText))
            {
                if (!overcommittable)
                    yield return $"requests.{resource}: {Quote(quantity)} needs an equal limits.{resource} ({resource} cannot be overcommitted)";
                continue;
            }

            if (!Quantities.TryParseNanos(limitText, out var limit) || limit < 0)
                continue;
            if (!overcommittable && request != limit)
                yield return $"requests.{resource}: {Quote(quantity)} must equal limits.{resource} {Quote(limitText)} ({resource} cannot be overcommitted)";
            else if (request > limit)
                yield return $"requests.{resource}: {Quote(quantity)} is above limits.{resource} {Quote(limitText)}";
        }
    }

    private static readonly BigInteger NanosPerUnit = BigInteger.Pow(10, 9);

    /// <summary>A resource of Kubernetes itself: no domain prefix, or a <c>kubernetes.io/</c> one.</summary>
    private static bool IsNativeResource(string name) =>
        !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>An extended resource (<c>example.com/gpu</c>): counted in whole units, never overcommitted.</summary>
    private static bool IsExtendedResource(string name) => !IsNativeResource(name);

    /// <summary>Whether a request may be below its limit: native resources other than huge pages.</summary>
    private static bool IsOvercommittable(string name) =>
        IsNativeResource(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal);

    /// <summary>
    /// A resource name the API server accepts in a container's requests or limits: a standard one, a huge page
    /// size, or an extended resource (a qualified name with a domain prefix).
    /// </summary>
    private static bool IsContainerResource(string name)
    {
        if (ContainerResources.Contains(name, StringComparer.Ordinal))
            return true;
        if (name.StartsWith("hugepages-", StringComparison.Ordinal))
            return Quantities.IsValid(name["hugepages-".Length..]);
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && Names.IsDnsSubdomain(name[..slash])
            && name[(slash + 1)..] is { Length: > 0 and <= 63 } local
            && QualifiedNamePart().IsMatch(local);
    }

    /// <summary>
    /// The reference grammar of container images (distribution/reference): an optional registry host (with port),
    /// lower-case path components, an optional tag and an optional digest.
    /// </summary>
    internal static bool IsImageReference(string image) =>
        image.Length <= 4096 && ImageReference().Match(image) is { Success: true } match && match.Groups["name"].Length <= 255;

    /// <summary>A value shown in a message: in quotes, with control characters escaped so the message stays one line.</summary>
    internal static string Quote(string? value) => $"'{Escape(value ?? "")}'";

    /// <summary>Text with line breaks and other control characters written as escapes (<c>\n</c>, <c>\u0007</c>).</summary>
    internal static string Escape(string text)
    {
        if (!text.Any(char.IsControl))
            return text;
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Domain = "(?:" + DomainComponent + @"(?:\." + DomainComponent + @")*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?";
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string Digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    [GeneratedRegex(
        "^(?<name>(?:" + Domain + "/)?" + PathComponent + "(?:/" + PathComponent + ")*)(?::" + Tag + ")?(?:@" + Digest + @")?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex ImageReference();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNamePart();
}

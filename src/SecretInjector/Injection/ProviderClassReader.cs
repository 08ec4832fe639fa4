using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretInjector.Cluster;
using SecretInjector.Manifests;

namespace SecretInjector.Injection;

/// <summary>
/// Reads what a SecretProviderClass for the AWS provider (ASCP) mounts: <c>spec.parameters.objects</c> (a YAML list
/// in a string), <c>usePodIdentity</c> and <c>region</c>, refusing what ASCP would fail on at mount time.
/// </summary>
public static partial class ProviderClassReader
{
    public const string AwsProvider = "aws";

    /// <summary>
    /// Most YAML nodes the <c>objects</c> text may expand to. Real classes list tens of objects; the cap keeps an
    /// alias bomb in a class anyone in the namespace can write from costing every admission real CPU time.
    /// </summary>
    public const int MaxObjectNodes = 10_000;

    /// <summary>
    /// What was read: the objects, the <c>usePodIdentity</c> setting (null when absent), the regions it reads in
    /// (<c>region</c> and <c>failoverRegion</c>; empty for the node's own), or the problem.
    /// </summary>
    public sealed record Result(IReadOnlyList<ProviderObject> Objects, bool? UsePodIdentity, IReadOnlyList<string> Regions, string? Problem);

    public static Result Read(SecretProviderClassObject providerClass)
    {
        ArgumentNullException.ThrowIfNull(providerClass);
        var name = $"SecretProviderClass {providerClass.Namespace}/{providerClass.Name}";
        if (providerClass.Provider != AwsProvider)
            return Fail($"{name} has provider '{providerClass.Provider}'; secret-injector's csi mode serves provider aws (the AWS Secrets Store CSI provider)");
        if (!providerClass.Parameters.TryGetValue("objects", out var objectsText) || string.IsNullOrWhiteSpace(objectsText))
            return Fail($"{name} has no spec.parameters.objects; list the secrets to mount there");

        var raw = providerClass.Parameters.GetValueOrDefault("usePodIdentity");
        if (raw is not (null or "true" or "false"))
            return Fail($"{name}: usePodIdentity is '{raw}'; it must be \"true\" or \"false\"");
        bool? usePodIdentity = raw is null ? null : raw == "true";
        var regions = new List<string>();
        foreach (var key in new[] { "region", "failoverRegion" })
        {
            var region = providerClass.Parameters.GetValueOrDefault(key);
            if (string.IsNullOrEmpty(region))
                continue;
            if (!AwsRegions.IsValid(region))
                return Fail($"{name}: {key} is '{region}', which is not an AWS region such as us-east-1");
            regions.Add(region);
        }

        JsonNode? parsed;
        try
        {
            var documents = YamlReader.ReadAll(objectsText, MaxObjectNodes);
            parsed = documents.Count == 1 ? documents[0].Root : null;
        }
        catch (ManifestException e)
        {
            return Fail($"{name}: spec.parameters.objects is not YAML: {e.Message}");
        }

        if (parsed is not JsonArray list || list.Count == 0)
            return Fail($"{name}: spec.parameters.objects must be a non-empty YAML list of objects");
        var objects = new List<ProviderObject>();
        for (var i = 0; i < list.Count; i++)
        {
            var (item, problem) = ReadObject(list[i], $"{name}: objects[{i}]");
            if (problem is not null)
                return Fail(problem);
            objects.Add(item!);
        }

        return FileNameProblem(list, name) is { } clash ? Fail(clash) : new Result(objects, usePodIdentity, regions, null);
    }

    /// <summary>
    /// The files the provider would write: each object's <c>objectAlias</c> (or its name) and each jmesPath alias. Two
    /// of one name, or one that climbs out of the mount (<c>..</c>, an absolute path), fail the mount, so they are
    /// named here instead.
    /// </summary>
    private static string? FileNameProblem(JsonArray list, string name)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var obj = (JsonObject)list[i]!;
            // A name without an alias is the provider's to turn into a file name (an SSM path's slashes are replaced).
            var alias = Text(obj, "objectAlias");
            var files = new List<(string File, string Where, bool Alias)> { (alias ?? Text(obj, "objectName")!, $"objects[{i}]", alias is not null) };
            var jmes = (obj["jmesPath"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            for (var j = 0; j < jmes.Count; j++)
                files.Add((Text(jmes[j], "objectAlias")!, $"objects[{i}].jmesPath[{j}]", true));
            foreach (var (file, where, isAlias) in files)
            {
                if (isAlias && (file.StartsWith('/') || file.Split('/').Contains("..")))
                    return $"{name}: {where} writes file '{file}', which leaves the mount; use a plain name";
                if (seen.TryGetValue(file, out var first))
                    return $"{name}: {first} and {where} both write file '{file}'; give one an objectAlias of its own";
                seen[file] = where;
            }
        }

        return null;
    }

    private static (ProviderObject? Item, string? Problem) ReadObject(JsonNode? node, string where)
    {
        if (node is not JsonObject obj)
            return (null, $"{where} is not a mapping with objectName and objectType");
        var objectName = Text(obj, "objectName");
        if (string.IsNullOrEmpty(objectName))
            return (null, $"{where} has no objectName");
        var type = Text(obj, "objectType") ?? TypeFromArn(objectName);
        if (type is null)
            return (null, $"{where} ({objectName}) has no objectType; set secretsmanager or ssmparameter");
        if (type is not ("secretsmanager" or "ssmparameter"))
            return (null, $"{where} ({objectName}) has objectType '{type}'; ASCP knows secretsmanager and ssmparameter");
        var nameProblem = type == "secretsmanager" ? SecretIds.Problem(objectName) : ParameterProblem(objectName);
        if (nameProblem is not null)
            return (null, $"{where}: {nameProblem}{(objectName.Contains('$', StringComparison.Ordinal) ? " (substitute template variables before applying)" : "")}");
        if (obj["jmesPath"] is { } jmes && jmes is not JsonArray)
            return (null, $"{where} ({objectName}): jmesPath must be a list of path and objectAlias entries");
        foreach (var entry in (obj["jmesPath"] as JsonArray) ?? [])
        {
            if (entry is not JsonObject e || Text(e, "path") is null || Text(e, "objectAlias") is null)
                return (null, $"{where} ({objectName}): each jmesPath entry needs path and objectAlias");
        }

        return (new ProviderObject(objectName, type, Text(obj, "objectAlias")), null);
    }

    private static string? TypeFromArn(string name) =>
        name.StartsWith("arn:", StringComparison.Ordinal) && name.Split(':') is { Length: > 2 } parts
            ? parts[2] switch { "secretsmanager" => "secretsmanager", "ssm" => "ssmparameter", _ => null }
            : null;

    private static string? ParameterProblem(string name) =>
        ParameterPattern().IsMatch(name) ? null : $"'{name}' is not an SSM parameter name or ARN";

    private static string? Text(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static Result Fail(string problem) => new([], null, [], problem);

    [GeneratedRegex(@"^(arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9_.\-/]+|/?[A-Za-z0-9_.\-/]{1,2048})\z")]
    private static partial Regex ParameterPattern();
}

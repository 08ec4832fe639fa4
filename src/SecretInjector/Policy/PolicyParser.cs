using System.Text.RegularExpressions;
using SecretInjector.Injection;
using SecretInjector.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretInjector.Policy;

/// <summary>
/// Reads the policy file strictly: an unknown field, a wrong type or a bad value is an error naming its line
/// and field, so a typo never silently widens or narrows what pods may read.
/// </summary>
public static partial class PolicyParser
{
    private static readonly string[] TopFields = ["enforcement", "rules", "podIdentityAssociations"];
    private static readonly string[] RuleFields = ["name", "namespaces", "allowedRoles", "allowedSecrets"];
    private static readonly string[] AssociationFields = ["namespace", "serviceAccount", "roleArn"];

    /// <exception cref="PolicyException">The text is not a valid policy; the message says where and why.</exception>
    public static PolicyDocument Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            // YamlStream builds its tree by recursion: refuse a hostile nesting before it can exhaust the stack.
            YamlReader.EnsureDepth(text);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new PolicyException($"{source}: line {e.Start.Line}: {(e.InnerException ?? e).Message}", e);
        }

        if (stream.Documents.Count != 1)
            throw new PolicyException($"{source}: expected one YAML document, found {stream.Documents.Count}");
        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new PolicyException($"{source}: line {stream.Documents[0].RootNode.Start.Line}: the policy must be a mapping with enforcement, rules and podIdentityAssociations");

        var reader = new Reader(source);
        reader.CheckFields(root, TopFields, "the policy");
        var enforcement = reader.Enforcement(root);
        var rules = reader.List(root, "rules", "rules", (node, path) => reader.Rule(node, path));
        var associations = reader.List(root, "podIdentityAssociations", "podIdentityAssociations", (node, path) => reader.Association(node, path));
        reader.CheckUnique(rules, associations);
        return new PolicyDocument(enforcement, rules, associations);
    }

    private sealed class Reader(string source)
    {
        public void CheckFields(YamlMappingNode node, string[] known, string what)
        {
            foreach (var key in node.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null || !known.Contains(name, StringComparer.Ordinal))
                    throw Error(key, $"unknown field '{name}' in {what}; expected one of {string.Join(", ", known)}");
            }
        }

        public Enforcement Enforcement(YamlMappingNode root)
        {
            var node = Child(root, "enforcement");
            return Scalar(node, "enforcement", optional: true) switch
            {
                null or "deny" => Policy.Enforcement.Deny,
                "audit" => Policy.Enforcement.Audit,
                var other => throw Error(node!, $"enforcement: '{other}' is not one of deny, audit"),
            };
        }

        public List<T> List<T>(YamlMappingNode parent, string key, string path, Func<YamlNode, string, T> item)
        {
            var node = Child(parent, key);
            if (node is null || node is YamlScalarNode { Value: null or "" or "~" or "null" })
                return [];
            if (node is not YamlSequenceNode sequence)
                throw Error(node, $"{path}: must be a list");
            return [.. sequence.Children.Select((n, i) => item(n, $"{path}[{i}]"))];
        }

        public PolicyRule Rule(YamlNode node, string path)
        {
            var map = Mapping(node, path);
            CheckFields(map, RuleFields, path);
            var name = Scalar(Child(map, "name"), $"{path}.name", optional: false)!;
            var rulePath = $"{path} ({name})";
            var namespaces = Patterns(map, "namespaces", rulePath, NamespacePattern());
            var roles = Patterns(map, "allowedRoles", rulePath, RolePattern());
            var secrets = Patterns(map, "allowedSecrets", rulePath, SecretPattern());
            return new PolicyRule(name, namespaces, roles, secrets);
        }

        public PodIdentityAssociation Association(YamlNode node, string path)
        {
            var map = Mapping(node, path);
            CheckFields(map, AssociationFields, path);
            var ns = Scalar(Child(map, "namespace"), $"{path}.namespace", optional: false)!;
            var account = Scalar(Child(map, "serviceAccount"), $"{path}.serviceAccount", optional: false)!;
            var role = Scalar(Child(map, "roleArn"), $"{path}.roleArn", optional: false)!;
            if (!Names.IsDnsLabel(ns))
                throw Error(Child(map, "namespace")!, $"{path}.namespace: '{ns}' is not a namespace name");
            if (!Names.IsDnsSubdomain(account))
                throw Error(Child(map, "serviceAccount")!, $"{path}.serviceAccount: '{account}' is not a service account name");
            if (!RoleArnPattern().IsMatch(role))
                throw Error(Child(map, "roleArn")!, $"{path}.roleArn: '{role}' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
            return new PodIdentityAssociation(ns, account, role);
        }

        public void CheckUnique(List<PolicyRule> rules, List<PodIdentityAssociation> associations)
        {
            foreach (var twice in rules.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
                throw new PolicyException($"{source}: rules: the name '{twice.Key}' is used by {twice.Count()} rules; names must be unique");
            foreach (var twice in associations.GroupBy(a => (a.Namespace, a.ServiceAccount)).Where(g => g.Count() > 1))
                throw new PolicyException($"{source}: podIdentityAssociations: {twice.Key.Namespace}/{twice.Key.ServiceAccount} is declared {twice.Count()} times; a service account has one association");
        }

        private List<string> Patterns(YamlMappingNode map, string key, string path, Regex allowed)
        {
            var node = Child(map, key) ?? throw Error(map, $"{path}: '{key}' is required");
            if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
                throw Error(node, $"{path}.{key}: must be a non-empty list of patterns");
            var patterns = new List<string>();
            foreach (var item in sequence.Children)
            {
                var text = Scalar(item, $"{path}.{key}", optional: false)!;
                if (!allowed.IsMatch(text))
                    throw Error(item, $"{path}.{key}: '{text}' is not a valid pattern here");
                patterns.Add(text);
            }

            return patterns;
        }

        private YamlMappingNode Mapping(YamlNode node, string path) =>
            node as YamlMappingNode ?? throw Error(node, $"{path}: must be a mapping");

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private string? Scalar(YamlNode? node, string path, bool optional)
        {
            if (node is null)
                return optional ? null : throw new PolicyException($"{source}: {path} is required");
            if (node is not YamlScalarNode { Value: { Length: > 0 } value })
                throw Error(node, $"{path}: must be a non-empty string");
            return value;
        }

        private PolicyException Error(YamlNode node, string message) =>
            new($"{source}: line {node.Start.Line}: {message}");
    }

    [GeneratedRegex(@"^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?\z")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^(\*|arn:[a-z*-]+:iam::[0-9*]+:role/[A-Za-z0-9_+=,.@/*-]+)\z")]
    private static partial Regex RolePattern();

    [GeneratedRegex(@"^(arn:[a-z*-]+:secretsmanager:[a-z0-9*-]+:[0-9*]+:secret:)?[A-Za-z0-9/_+=.@*-]+\z")]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]+\z")]
    private static partial Regex RoleArnPattern();
}

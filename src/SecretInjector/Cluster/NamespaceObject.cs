namespace SecretInjector.Cluster;

/// <summary>What the decision needs of a Namespace.</summary>
public sealed record NamespaceObject(string Name, IReadOnlyDictionary<string, string> Labels);

namespace SecretInjector.Cluster;

/// <summary>What the decision needs of a ServiceAccount.</summary>
public sealed record ServiceAccountObject(string Namespace, string Name, IReadOnlyDictionary<string, string> Annotations);

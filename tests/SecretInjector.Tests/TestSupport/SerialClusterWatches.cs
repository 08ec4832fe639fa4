namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// Watch-timing tests of the cluster cache run alone: with the rest of the suite on two cores, a relist after
/// 410 Gone was seen to take longer than any reasonable wait, which says nothing about the cache.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialClusterWatches
{
    public const string Name = "Cluster watches";
}

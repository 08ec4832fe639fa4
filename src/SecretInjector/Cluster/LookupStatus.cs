namespace SecretInjector.Cluster;

public enum LookupStatus
{
    Found,

    /// <summary>The API server (or the objects file) says there is no such object.</summary>
    NotFound,

    /// <summary>The answer is unknown: the API server could not be reached in time.</summary>
    Unavailable,
}

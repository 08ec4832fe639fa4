namespace SecretInjector.Cluster;

/// <summary>The outcome of looking an object up: found, known to be absent, or unknown.</summary>
/// <param name="Status">Which of the three it is.</param>
/// <param name="Value">The object when found.</param>
/// <param name="Problem">Why the lookup is <see cref="LookupStatus.Unavailable"/>, for the denial message.</param>
public sealed record Lookup<T>(LookupStatus Status, T? Value, string? Problem)
    where T : class
{
#pragma warning disable CA1000 // The factories read best on the result type itself: Lookup<T>.Found(x).
    public static Lookup<T> NotFound { get; } = new(LookupStatus.NotFound, null, null);

    public static Lookup<T> Found(T value) => new(LookupStatus.Found, value, null);

    public static Lookup<T> Unavailable(string problem) => new(LookupStatus.Unavailable, null, problem);

    /// <summary>Found when <paramref name="value"/> is not null, else not found.</summary>
    public static Lookup<T> Of(T? value) => value is null ? NotFound : Found(value);
#pragma warning restore CA1000
}

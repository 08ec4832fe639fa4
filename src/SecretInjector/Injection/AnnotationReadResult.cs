namespace SecretInjector.Injection;

/// <summary>The outcome of reading a pod's annotations.</summary>
/// <param name="OptedIn">True when <c>inject</c> is <c>"true"</c>.</param>
/// <param name="Request">The request when opted in and valid, else null.</param>
/// <param name="Problems">Every problem found, each naming its annotation; empty when valid.</param>
public sealed record AnnotationReadResult(
    bool OptedIn,
    InjectionRequest? Request,
    IReadOnlyList<string> Problems)
{
    public static AnnotationReadResult NotOptedIn { get; } = new(false, null, []);
}

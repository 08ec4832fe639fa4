namespace SecretInjector.Agent;

/// <summary>Every file of the set when nothing failed; otherwise no files and one failure per secret that failed.</summary>
public sealed record FetchCycleResult(IReadOnlyList<RenderedFile> Files, IReadOnlyList<FetchFailure> Failures)
{
    public bool Succeeded => Failures.Count == 0;
}

using System.Collections;

namespace SecretInjector.Admission;

/// <summary>
/// The logging scope of one admission review: every line logged while it is decided carries the request uid,
/// namespace, pod, operation and dry run as fields, and reads as one line in plain-text loggers.
/// </summary>
internal sealed record AdmissionLogScope(string? Uid, string Namespace, string Name, string Operation, bool DryRun)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 5;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Uid", Uid),
        1 => new("Namespace", Namespace),
        2 => new("Name", Name),
        3 => new("Operation", Operation),
        4 => new("DryRun", DryRun),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        $"request {Uid} {Operation} pod {Namespace}/{Name}{(DryRun ? " (dry run)" : "")}";
}

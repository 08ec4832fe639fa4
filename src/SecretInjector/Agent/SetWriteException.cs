namespace SecretInjector.Agent;

/// <summary>
/// A set that <see cref="AtomicSetWriter"/> would not or could not finish writing. The message names the path and
/// what to do; it never holds file content.
/// </summary>
public sealed class SetWriteException : IOException
{
    public SetWriteException()
    {
    }

    public SetWriteException(string message)
        : base(message)
    {
    }

    public SetWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// False when nothing readers see has changed (the previous set, or none, is intact); true when <c>..data</c>
    /// already names the new set but a file's link could not be made (the next write makes it).
    /// </summary>
    public bool Swapped { get; init; }
}

namespace SecretInjector.Commands;

/// <summary>Exit codes of every command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work was done and something failed: a denied pod, a secret not written.</summary>
    public const int Failure = 1;

    /// <summary>The command line or a file it names is unusable.</summary>
    public const int UsageError = 2;
}

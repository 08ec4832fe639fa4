namespace SecretInjector.Injection;

/// <summary>Who writes the secret files and with which permission, so that every reader can read them.</summary>
/// <param name="WriterUid">UID the injected containers run as.</param>
/// <param name="FileMode">Permission of the written files.</param>
public sealed record FileOwnership(long WriterUid, int FileMode);

namespace SecretInjector.Tests.TestSupport;

/// <summary>What the loopback stub does to the next Secrets Manager call.</summary>
public enum FaultKind
{
    /// <summary>400 ThrottlingException (the fixture).</summary>
    Throttle,

    /// <summary>500 InternalServiceError (the fixture).</summary>
    ServerError,

    /// <summary>400 ExpiredTokenException (the fixture).</summary>
    ExpiredToken,

    /// <summary>Close the connection without an answer.</summary>
    Drop,

    /// <summary>Wait, then answer normally.</summary>
    Slow,
}

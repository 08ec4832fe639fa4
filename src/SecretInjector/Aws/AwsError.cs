namespace SecretInjector.Aws;

/// <summary>
/// An error answered by AWS (or met on the way there), reduced to what the agent needs: a stable code,
/// AWS's own message (which never holds a secret value) and whether another attempt may succeed.
/// </summary>
/// <param name="Code">The AWS error code, e.g. <c>ResourceNotFoundException</c>; for transport failures one of ours.</param>
/// <param name="Message">AWS's message, or a description of the transport failure.</param>
/// <param name="Status">The HTTP status, or null when no response arrived.</param>
public sealed record AwsError(string Code, string Message, int? Status)
{
    /// <summary>Code of a connection that failed or was dropped before a response arrived.</summary>
    public const string ConnectionFailed = "ConnectionFailed";

    /// <summary>Code of an attempt, or the whole fetch, that ran out of time.</summary>
    public const string Timeout = "Timeout";

    /// <summary>Code of a response that is not the JSON the protocol promises.</summary>
    public const string MalformedResponse = "MalformedResponse";

    /// <summary>Code used when no AWS credentials could be found or exchanged.</summary>
    public const string CredentialsUnavailable = "CredentialsUnavailable";

    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "Throttling",
        "InternalServiceError",
        "InternalFailure",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RequestTimeout",
        "RequestTimeoutException",
        ConnectionFailed,
        Timeout,

        // STS could not reach the cluster's OIDC keys, or the projected token was stale: both pass.
        "IDPCommunicationError",

        // Temporary credentials ran out: worth one more attempt after they are refreshed (see SecretsManagerClient).
        ExpiredToken,
    };

    /// <summary>Code of temporary credentials that ran out.</summary>
    public const string ExpiredToken = "ExpiredTokenException";

    /// <summary>True to stop retrying an error whose code is otherwise retryable (an expired token seen twice).</summary>
    public bool NoMoreRetries { get; init; }

    /// <summary>
    /// True for throttling, server-side failures and dropped connections. Decided by code first, since
    /// Secrets Manager answers throttling with 400 and has documented InternalServiceError as both 400 and 500;
    /// else by status: any 5xx, and 429 (what a credentials endpoint answers when it is throttled).
    /// </summary>
    public bool IsRetryable => !NoMoreRetries && (RetryableCodes.Contains(Code) || Status is >= 500 or 429);
}

using Microsoft.Extensions.Logging;

namespace SecretInjector.Agent;

/// <summary>
/// Every log event of the <c>fetch</c> agent, ids 3000–3099 for the agent and 3100–3199 for its AWS calls.
/// Events name secrets by id and file, never by value.
/// </summary>
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 3000, EventName = "FetchStarted", Level = LogLevel.Information,
        Message = "fetching {Count} secrets into {OutDirectory}")]
    public static partial void FetchStarted(ILogger logger, int count, string outDirectory);

    [LoggerMessage(EventId = 3001, EventName = "FilesWritten", Level = LogLevel.Information,
        Message = "wrote {Count} files into {OutDirectory} in {ElapsedMs} ms")]
    public static partial void FilesWritten(ILogger logger, int count, string outDirectory, long elapsedMs);

    [LoggerMessage(EventId = 3002, EventName = "SecretFailed", Level = LogLevel.Error,
        Message = "secret {SecretId} (file {File}) failed: {Code}")]
    public static partial void SecretFailed(ILogger logger, string secretId, string file, string code);

    [LoggerMessage(EventId = 3003, EventName = "FetchFailed", Level = LogLevel.Error,
        Message = "{Failed} of {Count} secrets failed; nothing was written")]
    public static partial void FetchFailed(ILogger logger, int failed, int count);

    [LoggerMessage(EventId = 3004, EventName = "WriteFailed", Level = LogLevel.Error,
        Message = "writing into {OutDirectory} failed; the previous files are left as they were")]
    public static partial void WriteFailed(ILogger logger, string outDirectory, Exception exception);

    [LoggerMessage(EventId = 3008, EventName = "LinkFailed", Level = LogLevel.Error,
        Message = "writing into {OutDirectory} stopped after ..data was swapped to the new set; a file's link is missing until the next write")]
    public static partial void LinkFailed(ILogger logger, string outDirectory, Exception exception);

    /// <summary>Logs a failed write with the event that says truly what is left: the previous set, or a new set not fully linked.</summary>
    public static void WriteFailure(ILogger logger, string outDirectory, Exception exception)
    {
        if (exception is SetWriteException { Swapped: true })
            LinkFailed(logger, outDirectory, exception);
        else
            WriteFailed(logger, outDirectory, exception);
    }

    [LoggerMessage(EventId = 3005, EventName = "SecretRead", Level = LogLevel.Debug,
        Message = "read secret {SecretId} (file {File}) version {VersionId}")]
    public static partial void SecretRead(ILogger logger, string secretId, string file, string versionId);

    [LoggerMessage(EventId = 3006, EventName = "BatchFallback", Level = LogLevel.Information,
        Message = "BatchGetSecretValue refused ({Code}) in {Region}; reading {Count} secrets one by one")]
    public static partial void BatchFallback(ILogger logger, string code, string region, int count);

    [LoggerMessage(EventId = 3007, EventName = "CredentialsLoaded", Level = LogLevel.Information,
        Message = "AWS credentials from {Source} in {ElapsedMs} ms")]
    public static partial void CredentialsLoaded(ILogger logger, string source, long elapsedMs);

    [LoggerMessage(EventId = 3010, EventName = "RefreshStarted", Level = LogLevel.Information,
        Message = "refreshing {Count} secrets every {IntervalSeconds} s")]
    public static partial void RefreshStarted(ILogger logger, int count, double intervalSeconds);

    [LoggerMessage(EventId = 3011, EventName = "RefreshUnchanged", Level = LogLevel.Debug,
        Message = "secrets unchanged; files left as they are")]
    public static partial void RefreshUnchanged(ILogger logger);

    [LoggerMessage(EventId = 3012, EventName = "RefreshFailed", Level = LogLevel.Warning,
        Message = "refresh failed; keeping the last good files, next try in {DelaySeconds} s")]
    public static partial void RefreshFailed(ILogger logger, double delaySeconds);

    [LoggerMessage(EventId = 3014, EventName = "SetRewritten", Level = LogLevel.Information,
        Message = "secrets changed; rewrote {Count} files into {OutDirectory}")]
    public static partial void SetRewritten(ILogger logger, int count, string outDirectory);

    [LoggerMessage(EventId = 3013, EventName = "RefreshStopping", Level = LogLevel.Information,
        Message = "stopping the refresh loop")]
    public static partial void RefreshStopping(ILogger logger);

    [LoggerMessage(EventId = 3100, EventName = "RequestSent", Level = LogLevel.Debug,
        Message = "{Method} {Url} {Operation} -> {Status} in {ElapsedMs} ms")]
    public static partial void RequestSent(ILogger logger, string method, string url, string operation, int status, long elapsedMs);

    [LoggerMessage(EventId = 3101, EventName = "RequestFailed", Level = LogLevel.Debug,
        Message = "{Method} {Url} {Operation} failed with {ErrorType} after {ElapsedMs} ms")]
    public static partial void RequestFailed(ILogger logger, string method, string url, string operation, string errorType, long elapsedMs);

    [LoggerMessage(EventId = 3102, EventName = "Retrying", Level = LogLevel.Debug,
        Message = "retry {Attempt} after {Code}, waiting {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, int attempt, string code, long delayMs);
}

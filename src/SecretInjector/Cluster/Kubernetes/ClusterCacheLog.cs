using Microsoft.Extensions.Logging;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>The cluster cache's log events; ids 2000–2099 belong to this area.</summary>
internal static partial class ClusterCacheLog
{
    [LoggerMessage(EventId = 2000, EventName = "ClusterCacheSynced", Level = LogLevel.Information,
        Message = "Cluster cache synced: Namespaces, ServiceAccounts and SecretProviderClasses are listed")]
    public static partial void AllSynced(ILogger logger);

    [LoggerMessage(EventId = 2001, EventName = "ResourceCacheSynced", Level = LogLevel.Information,
        Message = "{Kind} cache synced with {Count} objects at resource version {ResourceVersion}")]
    public static partial void CacheSynced(ILogger logger, string kind, int count, string resourceVersion);

    [LoggerMessage(EventId = 2002, EventName = "RelistingExpired", Level = LogLevel.Information,
        Message = "Relisting {Kind}: resource version {ResourceVersion} expired (410 Gone)")]
    public static partial void RelistingExpired(ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(EventId = 2003, EventName = "RelistingClosed", Level = LogLevel.Debug,
        Message = "Relisting {Kind}: the watch stream closed after {Events} events")]
    public static partial void RelistingClosed(ILogger logger, string kind, int events);

    [LoggerMessage(EventId = 2004, EventName = "WatchReconnecting", Level = LogLevel.Warning,
        Message = "{Kind} list or watch failed ({Problem}); reconnect attempt {Attempt} in {Delay}")]
    public static partial void Reconnecting(
        ILogger logger,
        string kind,
        int attempt,
        TimeSpan delay,
        string problem,
        Exception exception);

    [LoggerMessage(EventId = 2005, EventName = "ResourceNotServed", Level = LogLevel.Information,
        Message = "The API server does not serve {Kind} (CRD not installed?); "
            + "treating it as empty and looking again every {Interval}")]
    public static partial void ResourceNotServed(ILogger logger, string kind, TimeSpan interval);

    [LoggerMessage(EventId = 2006, EventName = "ResourceServed", Level = LogLevel.Information,
        Message = "The API server now serves {Kind}")]
    public static partial void ResourceServed(ILogger logger, string kind);

    [LoggerMessage(EventId = 2007, EventName = "DirectRead", Level = LogLevel.Debug,
        Message = "{Kind} {Name} is not in the cache; reading it from the API server")]
    public static partial void DirectRead(ILogger logger, string kind, ObjectKey name);

    [LoggerMessage(EventId = 2008, EventName = "DirectReadFailed", Level = LogLevel.Warning,
        Message = "Reading {Kind} {Name} from the API server failed: {Problem}")]
    public static partial void DirectReadFailed(
        ILogger logger,
        string kind,
        ObjectKey name,
        string problem,
        Exception exception);

    [LoggerMessage(EventId = 2009, EventName = "DirectReadTimedOut", Level = LogLevel.Warning,
        Message = "Reading {Kind} {Name} from the API server took longer than {Timeout}")]
    public static partial void DirectReadTimedOut(ILogger logger, string kind, ObjectKey name, TimeSpan timeout);

    [LoggerMessage(EventId = 2010, EventName = "ClusterCacheStopped", Level = LogLevel.Information,
        Message = "Cluster cache stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 2011, EventName = "WatchStalled", Level = LogLevel.Warning,
        Message = "The {Kind} watch stayed open past its {TimeoutSeconds} s timeout; dropping it and relisting")]
    public static partial void WatchStalled(ILogger logger, string kind, int timeoutSeconds);
}

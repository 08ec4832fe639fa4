using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SecretInjector.Tests.Cluster;

/// <summary>Keeps every log event, so tests can assert which events (by stable name) were written.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(EventId Id, LogLevel Level, string Message, Exception? Exception)> _entries = new();

    public IReadOnlyList<(EventId Id, LogLevel Level, string Message, Exception? Exception)> Entries => [.. _entries];

    public int Count(string eventName) => _entries.Count(e => e.Id.Name == eventName);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((eventId, logLevel, formatter(state, exception), exception));
}

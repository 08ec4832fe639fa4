using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SecretInjector.Agent;

/// <summary>
/// A logger that writes one JSON object per line to a <see cref="TextWriter"/> (stderr): time, level, event,
/// message and the template's fields. Kept this small so the agent needs no logging host to start.
/// </summary>
public sealed class JsonLinesLogger(TextWriter output, LogLevel minimum, TimeProvider time) : ILogger
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _gate = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
            return;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            WriteEntry(json, logLevel, eventId, state, formatter(state, exception), exception);

        var line = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private void WriteEntry<TState>(
        Utf8JsonWriter json,
        LogLevel level,
        EventId eventId,
        TState state,
        string message,
        Exception? exception)
    {
        json.WriteStartObject();
        json.WriteString("time", time.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("level", level.ToString());
        json.WriteString("event", eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("message", message);
        if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            foreach (var (key, value) in fields)
            {
                if (key != "{OriginalFormat}")
                    WriteField(json, key, value);
            }
        }

        if (exception is not null)
        {
            // Type and message only: our own exceptions never carry values, and a stack adds nothing for users.
            json.WriteString("exception", $"{exception.GetType().Name}: {exception.Message}");
        }

        json.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case int or long or double:
                json.WriteNumber(key, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}

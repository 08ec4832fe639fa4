using System.Globalization;
using System.Text;

namespace SecretInjector.Manifests;

/// <summary>
/// Reads input files (and standard input) with a cap on their size, so a file that never ends (<c>/dev/zero</c>,
/// a FIFO, a runaway mount) is refused with one line instead of taking all the memory.
/// </summary>
public static class BoundedInput
{
    /// <summary>Cap of the settings, the policy, and the serving certificate and key: far above any real one.</summary>
    public const long SmallFileLimit = 1 << 20;

    /// <summary>Cap of the <c>--objects</c> file and of the manifests <c>inject</c> reads (a file or standard input).</summary>
    public const long LargeFileLimit = 64 << 20;

    /// <summary>At most <paramref name="limit"/> bytes of the file; more is an <see cref="InputTooLargeException"/>.</summary>
    public static byte[] ReadAllBytes(string path, long limit)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        return ReadAllBytes(file, limit, path);
    }

    /// <summary>
    /// The file's text, at most <paramref name="limit"/> bytes, decoded as <see cref="File.ReadAllText(string, Encoding)"/>
    /// decodes it (a byte-order mark chooses the encoding, else <paramref name="encoding"/>, UTF-8 by default).
    /// </summary>
    public static string ReadAllText(string path, long limit, Encoding? encoding = null)
    {
        var bytes = ReadAllBytes(path, limit);
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false), encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>A stream that reads <paramref name="inner"/> and fails once it has given more than <paramref name="limit"/> bytes.</summary>
    public static Stream Bounded(Stream inner, long limit, string source) => new BoundedStream(inner, limit, source);

    /// <summary>The size as the messages say it: <c>1 MiB</c>, <c>64 MiB</c>, or bytes below a MiB.</summary>
    public static string Describe(long limit) =>
        limit % (1 << 20) == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{limit >> 20} MiB")
            : string.Create(CultureInfo.InvariantCulture, $"{limit} bytes");

    private static byte[] ReadAllBytes(Stream stream, long limit, string source)
    {
        using var bounded = new BoundedStream(stream, limit, source);
        using var buffer = new MemoryStream();
        bounded.CopyTo(buffer, 81920);
        return buffer.ToArray();
    }

    private sealed class BoundedStream(Stream inner, long limit, string source) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer[..Cap(buffer.Length)]));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer[..Cap(buffer.Length)], cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <summary>Reads at most one byte past the limit: enough to know the input is longer, never much more.</summary>
        private int Cap(int length) => (int)Math.Min(length, limit + 1 - _read);

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
                throw new InputTooLargeException(source, limit);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>An input longer than its cap; the message names the source and the cap on one line.</summary>
public sealed class InputTooLargeException : IOException
{
    public InputTooLargeException(string source, long limit)
        : base($"{source}: larger than the limit of {BoundedInput.Describe(limit)}")
    {
        Limit = limit;
        Reason = $"larger than the limit of {BoundedInput.Describe(limit)}";
    }

    public InputTooLargeException()
        : this("input", BoundedInput.LargeFileLimit)
    {
    }

    public InputTooLargeException(string message)
        : base(message)
    {
        Reason = message;
    }

    public InputTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The cap that was passed.</summary>
    public long Limit { get; }

    /// <summary>The message without the source, for callers that name the file themselves.</summary>
    public string Reason { get; } = "";
}

using System.Security.Cryptography;
using System.Text;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SecretInjector.Manifests;

namespace SecretInjector.Hosting;

/// <summary>
/// Holds the serving certificate from PEM files and swaps it when the files change, without rebinding the
/// port: the TLS handshake asks <see cref="Current"/> each time, so no connection is refused during a rotation.
/// </summary>
/// <remarks>
/// The files are re-read on a short interval and compared by content, which also catches the symlink swap
/// by which the kubelet updates a mounted Secret. A pair that does not load (say, a key written before its
/// certificate) keeps the previous certificate in service until a good pair appears.
/// </remarks>
public sealed partial class CertificateReloader : FileReloadService
{
    private readonly string _certPath;
    private readonly string _keyPath;
    private readonly ILogger<CertificateReloader> _logger;
    private byte[] _loadedHash = [];
    private X509Certificate2 _current;

    public CertificateReloader(string certPath, string keyPath, TimeSpan interval, TimeProvider time, ILogger<CertificateReloader> logger)
        : base(interval, time, logger)
    {
        _certPath = certPath;
        _keyPath = keyPath;
        _logger = logger;
        _current = Load(out _loadedHash);
        Log.Loaded(_logger, _certPath, _current.Subject, _current.NotAfter);
    }

    public X509Certificate2 Current => Volatile.Read(ref _current);

    /// <summary>Reloads when the files' content changed; returns true when a new certificate is in service.</summary>
    public override bool TryReload()
    {
        try
        {
            var (cert, key) = ReadPair();
            var hash = Hash(cert, key);
            if (hash.AsSpan().SequenceEqual(_loadedHash))
                return false;
            var next = Create(cert, key);
            Volatile.Write(ref _current, next);
            _loadedHash = hash;
            Log.Reloaded(_logger, _certPath, next.Subject, next.NotAfter);
            return true;
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            Log.ReloadFailed(_logger, _certPath, _keyPath, e.Message);
            return false;
        }
    }

    private X509Certificate2 Load(out byte[] hash)
    {
        var (cert, key) = ReadPair();
        hash = Hash(cert, key);
        return Create(cert, key);
    }

    /// <summary>Both files, each at most 1 MiB: a file that never ends is a failed load, not unbounded memory.</summary>
    private (byte[] Cert, byte[] Key) ReadPair() =>
        (BoundedInput.ReadAllBytes(_certPath, BoundedInput.SmallFileLimit), BoundedInput.ReadAllBytes(_keyPath, BoundedInput.SmallFileLimit));

    private static X509Certificate2 Create(byte[] cert, byte[] key) =>
        X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(cert), Encoding.UTF8.GetString(key));

    private static byte[] Hash(byte[] cert, byte[] key) => SHA256.HashData([.. cert, .. key]);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1000, EventName = "CertificateLoaded", Level = LogLevel.Information,
            Message = "Serving certificate loaded from {Path}: {Subject}, valid until {NotAfter:o}")]
        public static partial void Loaded(ILogger logger, string path, string subject, DateTime notAfter);

        [LoggerMessage(EventId = 1001, EventName = "CertificateReloaded", Level = LogLevel.Information,
            Message = "Serving certificate reloaded from {Path}: {Subject}, valid until {NotAfter:o}")]
        public static partial void Reloaded(ILogger logger, string path, string subject, DateTime notAfter);

        [LoggerMessage(EventId = 1002, EventName = "CertificateReloadFailed", Level = LogLevel.Warning,
            Message = "Serving certificate files {Path} and {KeyPath} changed but do not load ({Reason}); still serving the previous certificate")]
        public static partial void ReloadFailed(ILogger logger, string path, string keyPath, string reason);
    }
}

using System.Security.Cryptography;
using System.Text;
using SecretInjector.Hosting;
using SecretInjector.Manifests;
using Microsoft.Extensions.Logging;

namespace SecretInjector.Policy;

/// <summary>
/// The policy file, reloaded when its content changes. The file is re-read on a short interval and compared by
/// content, which also sees a mounted ConfigMap's update (the kubelet swaps a symlinked folder). A file that
/// does not parse keeps the last good policy in force and is logged once.
/// </summary>
public sealed partial class PolicyFileStore : FileReloadService, IPolicySource
{
    private readonly string _path;
    private readonly ILogger<PolicyFileStore> _logger;
    private PolicyDocument _current;
    private byte[] _loadedHash;
    private byte[] _rejectedHash = [];

    /// <exception cref="PolicyException">The file is missing or invalid at start-up; the message names line and field.</exception>
    public PolicyFileStore(string path, TimeSpan interval, TimeProvider time, ILogger<PolicyFileStore> logger)
        : base(interval, time, logger)
    {
        _path = path;
        _logger = logger;
        var text = ReadText();
        _current = PolicyParser.Parse(text, _path);
        _loadedHash = Hash(text);
        Log.Loaded(_logger, _path, _current.Rules.Count, _current.PodIdentityAssociations.Count, _current.Enforcement);
    }

    /// <summary>Raised after a new policy is in force, or after a changed file was rejected (with the reason).</summary>
    public event Action<bool, string?>? Reloaded;

    public PolicyDocument Current => Volatile.Read(ref _current);

    /// <summary>Re-reads the file; returns true when a new policy came into force.</summary>
    public override bool TryReload()
    {
        string text;
        try
        {
            text = ReadText();
        }
        catch (PolicyException e)
        {
            Reject(Encoding.UTF8.GetBytes(e.Message), e.Message);
            return false;
        }

        var hash = Hash(text);
        if (hash.AsSpan().SequenceEqual(_loadedHash))
            return false;
        try
        {
            var next = PolicyParser.Parse(text, _path);
            Volatile.Write(ref _current, next);
            _loadedHash = hash;
            _rejectedHash = [];
            Log.Reloaded(_logger, _path, next.Rules.Count, next.PodIdentityAssociations.Count, next.Enforcement);
            Reloaded?.Invoke(true, null);
            return true;
        }
        catch (PolicyException e)
        {
            Reject(hash, e.Message);
            return false;
        }
    }

    private void Reject(byte[] hash, string reason)
    {
        if (hash.AsSpan().SequenceEqual(_rejectedHash))
            return;
        _rejectedHash = hash;
        Log.Rejected(_logger, _path, reason);
        Reloaded?.Invoke(false, reason);
    }

    private string ReadText()
    {
        try
        {
            return BoundedInput.ReadAllText(_path, BoundedInput.SmallFileLimit);
        }
        catch (InputTooLargeException e)
        {
            throw new PolicyException($"{_path}: the policy file is {e.Reason}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException($"{_path}: cannot read the policy file: {e.Message}", e);
        }
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, EventName = "PolicyLoaded", Level = LogLevel.Information,
            Message = "Policy loaded from {Path}: {Rules} rules, {Associations} Pod Identity associations, enforcement {Enforcement}")]
        public static partial void Loaded(ILogger logger, string path, int rules, int associations, Enforcement enforcement);

        [LoggerMessage(EventId = 1201, EventName = "PolicyReloaded", Level = LogLevel.Information,
            Message = "Policy reloaded from {Path}: {Rules} rules, {Associations} Pod Identity associations, enforcement {Enforcement}")]
        public static partial void Reloaded(ILogger logger, string path, int rules, int associations, Enforcement enforcement);

        [LoggerMessage(EventId = 1202, EventName = "PolicyRejected", Level = LogLevel.Warning,
            Message = "Policy file {Path} changed but cannot be used; the last good policy stays in force: {Reason}")]
        public static partial void Rejected(ILogger logger, string path, string reason);
    }
}

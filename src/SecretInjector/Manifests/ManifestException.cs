namespace SecretInjector.Manifests;

/// <summary>A manifest that cannot be read; the message names the document, line and problem.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(string message)
        : base(message)
    {
    }

    public ManifestException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ManifestException()
    {
    }
}

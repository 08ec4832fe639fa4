namespace SecretInjector.Configuration;

/// <summary>A settings file that cannot be used; the message says what to fix.</summary>
public sealed class SettingsException : Exception
{
    public SettingsException(string message)
        : base(message)
    {
    }

    public SettingsException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SettingsException()
    {
    }
}

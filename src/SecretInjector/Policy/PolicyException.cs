namespace SecretInjector.Policy;

/// <summary>A policy file that cannot be used; the message names the file, line and field.</summary>
public sealed class PolicyException : Exception
{
    public PolicyException(string message)
        : base(message)
    {
    }

    public PolicyException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PolicyException()
    {
    }
}

using SecretInjector.Contract;

namespace SecretInjector.Agent;

/// <summary>
/// Why one secret was not written: an AWS error code or one of ours, AWS's message or ours, and what to do.
/// None of these ever holds a secret value.
/// </summary>
public sealed record FetchFailure(SecretSpec Secret, string Code, string Message)
{
    /// <summary>The line printed on stderr, e.g.
    /// <c>secret-injector fetch: secret payments/db (file db): ResourceNotFoundException: ... Check the name ...</c>.</summary>
    public string ToLine()
    {
        // One line per failure: SDK messages (the credential chain's) can span several.
        var message = string.Join(' ', Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (message.Length > 0 && !message.EndsWith('.'))
            message += ".";
        var advice = FailureAdvice.For(Code);
        return $"secret-injector fetch: secret {Secret.SecretId} (file {Secret.File}): {Code}: {message} {advice}".TrimEnd();
    }
}

namespace SecretInjector.Aws;

/// <summary>What the retry pipeline looks at in any AWS call's outcome.</summary>
public interface IAwsOutcome
{
    /// <summary>The error code, or null on success.</summary>
    string? FailureCode { get; }

    /// <summary>True when the call failed in a way another attempt may fix.</summary>
    bool IsRetryableFailure { get; }
}

using SecretInjector.Aws;

namespace SecretInjector.Agent;

/// <summary>Matches a <c>BatchGetSecretValue</c> page to the ids asked for (a name, a partial ARN or a full ARN).</summary>
public static class BatchAnswers
{
    /// <summary>Records the values and errors of <paramref name="page"/> in <paramref name="results"/>; returns the reads answered.</summary>
    public static IReadOnlyList<SecretRead> Apply(
        IReadOnlyList<SecretRead> asked,
        BatchGetSecretValueResponse page,
        Dictionary<SecretRead, AwsResult<SecretValueResponse>> results)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(results);
        var answered = new List<SecretRead>();
        foreach (var read in asked)
        {
            if (page.SecretValues?.FirstOrDefault(v => Matches(read.SecretId, v)) is { } value)
                results[read] = AwsResult.Success<SecretValueResponse>(value);
            else if (page.Errors?.FirstOrDefault(e => e.SecretId == read.SecretId) is { } error)
                results[read] = AwsResult.Failure<SecretValueResponse>(ToError(error));
            else
                continue;
            answered.Add(read);
        }

        return answered;
    }

    private static AwsError ToError(BatchSecretError error) =>
        new(error.ErrorCode ?? "UnknownError", error.Message ?? "", 200);

    /// <summary>A full ARN, the name, or a partial ARN (the full one without its 6-character random suffix).</summary>
    internal static bool Matches(string secretId, SecretValueResponse value) =>
        secretId == value.Arn
        || secretId == value.Name
        || (value.Arn is { } arn
            && arn.Length == secretId.Length + 7
            && arn.StartsWith(secretId + "-", StringComparison.Ordinal));
}

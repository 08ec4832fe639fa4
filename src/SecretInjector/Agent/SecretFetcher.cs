using Microsoft.Extensions.Logging;
using SecretInjector.Aws;
using SecretInjector.Contract;

namespace SecretInjector.Agent;

/// <summary>
/// Reads every secret of a pod. <c>GetSecretValue</c> calls run in parallel (its quota is 10,000 calls a second
/// per region); secrets that read <c>AWSCURRENT</c> are read with <c>BatchGetSecretValue</c> instead only when a
/// region has at least <paramref name="batchThreshold"/> of them, since that call's quota is 100 a second, cannot
/// be raised, and needs its own IAM permission (when it is refused, the agent falls back to one call per secret).
/// </summary>
/// <param name="client">The Secrets Manager client.</param>
/// <param name="env">Environment lookup, for the region.</param>
/// <param name="batchThreshold">Secrets per region from which a batch call is used; 0 never batches.</param>
/// <param name="logger">The agent's log.</param>
public sealed class SecretFetcher(
    SecretsManagerClient client,
    Func<string, string?> env,
    int batchThreshold,
    ILogger logger)
{
    /// <summary>Calls in flight at once for one pod.</summary>
    public const int MaxParallelCalls = 16;

    private static readonly AwsError NoRegion =
        new(FailureAdvice.NoRegion, "no region: neither AWS_REGION nor AWS_DEFAULT_REGION is set, and the secret id is not a full ARN", null);

    private static readonly AwsError Unread =
        new(AwsError.Timeout, "the fetch ran out of time before this secret was read", null);

    /// <summary>
    /// One entry per secret, in order: its value, or its error. Secrets left unread when
    /// <paramref name="cancellationToken"/> fires are reported as <see cref="AwsError.Timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<AwsResult<SecretValueResponse>>> FetchAsync(
        IReadOnlyList<SecretSpec> secrets,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var reads = secrets
            .Select(s => new SecretRead(s.SecretId, s.VersionId, s.VersionStage, AwsEnvironment.RegionFor(s.SecretId, env)))
            .ToList();
        var results = new Dictionary<SecretRead, AwsResult<SecretValueResponse>>();
        try
        {
            var distinct = reads.Distinct().Where(r => r.Region is not null).ToList();
            await ReadAllAsync(distinct, results, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The deadline passed: what was read is kept, the rest is reported as timed out below.
        }

        return [.. reads.Select(r => Outcome(r, results))];
    }

    private static AwsResult<SecretValueResponse> Outcome(
        SecretRead read,
        Dictionary<SecretRead, AwsResult<SecretValueResponse>> results)
    {
        if (read.Region is null)
            return AwsResult.Failure<SecretValueResponse>(NoRegion);
        lock (results)
            return results.TryGetValue(read, out var result) ? result : AwsResult.Failure<SecretValueResponse>(Unread);
    }


    private async Task ReadAllAsync(
        List<SecretRead> reads,
        Dictionary<SecretRead, AwsResult<SecretValueResponse>> results,
        CancellationToken cancellationToken)
    {
        var batches = reads
            .Where(r => r.VersionId is null && r.VersionStage is null or "AWSCURRENT")
            .GroupBy(r => r.Region!, StringComparer.Ordinal)
            .Where(g => batchThreshold > 0 && g.Count() >= batchThreshold)
            .ToList();
        var batched = batches.SelectMany(g => g).ToHashSet();
        var singles = reads.Where(r => !batched.Contains(r)).ToList();

        var batchTasks = batches.Select(g => ReadBatchAsync(g.Key, [.. g], results, cancellationToken));
        var singleTask = ReadSinglesAsync(singles, results, cancellationToken);
        await Task.WhenAll([.. batchTasks, singleTask]).ConfigureAwait(false);
    }

    private Task ReadSinglesAsync(
        List<SecretRead> reads,
        Dictionary<SecretRead, AwsResult<SecretValueResponse>> results,
        CancellationToken cancellationToken)
    {
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = MaxParallelCalls,
            CancellationToken = cancellationToken,
        };
        return Parallel.ForEachAsync(reads, options, async (read, token) =>
        {
            var request = new GetSecretValueRequest(read.SecretId, read.VersionId, read.VersionStage);
            var result = await client.GetSecretValueAsync(read.Region!, request, token).ConfigureAwait(false);
            lock (results)
                results[read] = result;
        });
    }

    private async Task ReadBatchAsync(
        string region,
        List<SecretRead> reads,
        Dictionary<SecretRead, AwsResult<SecretValueResponse>> results,
        CancellationToken cancellationToken)
    {
        var leftOver = new List<SecretRead>();
        foreach (var chunk in reads.Chunk(SecretsManagerClient.MaxBatchSize))
        {
            var answered = await ReadChunkAsync(region, chunk, results, cancellationToken).ConfigureAwait(false);
            leftOver.AddRange(chunk.Where(r => !answered.Contains(r)));
        }

        // Ids the batch did not account for (or a refused batch) are read one by one.
        await ReadSinglesAsync(leftOver, results, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HashSet<SecretRead>> ReadChunkAsync(
        string region,
        SecretRead[] chunk,
        Dictionary<SecretRead, AwsResult<SecretValueResponse>> results,
        CancellationToken cancellationToken)
    {
        var answered = new HashSet<SecretRead>();
        string? nextToken = null;
        do
        {
            var request = new BatchGetSecretValueRequest([.. chunk.Select(r => r.SecretId)], nextToken);
            var response = await client.BatchGetSecretValueAsync(region, request, cancellationToken).ConfigureAwait(false);
            if (response.Value is not { } page)
            {
                AgentLog.BatchFallback(logger, response.Error!.Code, region, chunk.Length - answered.Count);
                return answered;
            }

            lock (results)
                answered.UnionWith(BatchAnswers.Apply(chunk, page, results));
            nextToken = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (nextToken is not null && answered.Count < chunk.Length);

        return answered;
    }
}

using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Polly;
using Polly.Timeout;

namespace SecretInjector.Aws;

/// <summary>
/// A small typed Secrets Manager client speaking AWS JSON 1.1 over an <see cref="HttpClient"/> whose handler
/// chain signs each request (<see cref="SecretsManagerHttp"/>). Errors come back as <see cref="AwsError"/>
/// values; only cancellation by the caller throws.
/// </summary>
/// <param name="http">The signing client; the signing region is set per request.</param>
/// <param name="endpointFor">The endpoint of a region.</param>
/// <param name="pipeline">The retry pipeline each call runs in.</param>
/// <param name="refreshCredentials">Drops cached credentials after <c>ExpiredTokenException</c>, so the one retry it earns signs with new ones.</param>
public sealed class SecretsManagerClient(
    HttpClient http,
    Func<string, Uri> endpointFor,
    ResiliencePipeline pipeline,
    Action? refreshCredentials = null)
{
    public const string ServiceName = "secretsmanager";

    /// <summary>Batch calls take at most this many ids.</summary>
    public const int MaxBatchSize = 20;

    private static readonly HttpRequestOptionsKey<string> RegionKey = new(SigV4SigningHandler.RegionOptionKey);

    public Task<AwsResult<SecretValueResponse>> GetSecretValueAsync(
        string region,
        GetSecretValueRequest request,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsJsonContext.Default.GetSecretValueRequest);
        return CallAsync(region, "GetSecretValue", body, AwsJsonContext.Default.SecretValueResponse, cancellationToken);
    }

    public Task<AwsResult<BatchGetSecretValueResponse>> BatchGetSecretValueAsync(
        string region,
        BatchGetSecretValueRequest request,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsJsonContext.Default.BatchGetSecretValueRequest);
        var typeInfo = AwsJsonContext.Default.BatchGetSecretValueResponse;
        return CallAsync(region, "BatchGetSecretValue", body, typeInfo, cancellationToken);
    }

    private async Task<AwsResult<T>> CallAsync<T>(
        string region,
        string operation,
        byte[] body,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
        where T : class
    {
        var call = new CallState(region, operation, body, cancellationToken);
        try
        {
            return await pipeline
                .ExecuteAsync(token => AttemptAsync(call, typeInfo, token), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && call.Last is { } last)
        {
            // The deadline passed while retrying: report what kept failing, which says more than "timeout".
            var message = $"the timeout passed while retrying after {last.Code}: {last.Message}";
            return AwsResult.Failure<T>(new AwsError(AwsError.Timeout, message, last.Status));
        }
        catch (TimeoutRejectedException ex)
        {
            return AwsResult.Failure<T>(new AwsError(AwsError.Timeout, $"no answer within {ex.Timeout.TotalSeconds:0.#}s", null));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return AwsResult.Failure<T>(new AwsError(AwsError.ConnectionFailed, ex.Message, null));
        }
        catch (Exception ex) when (AwsExceptionErrors.FromCredentialFailure(ex) is { } error)
        {
            // Raised by the credential chain inside the signing handler and not turned into a result by the attempt.
            return AwsResult.Failure<T>(error);
        }
    }

    /// <summary>One attempt; remembers its error so a deadline can name it.</summary>
    private async ValueTask<AwsResult<T>> AttemptAsync<T>(CallState call, JsonTypeInfo<T> typeInfo, CancellationToken token)
        where T : class
    {
        try
        {
            var result = await SendOnceAsync(call.Region, call.Operation, call.Body, typeInfo, token).ConfigureAwait(false);
            if (result.Error is { Code: AwsError.ExpiredToken } expired)
                result = AfterExpiredToken(call, result, expired);
            call.Last = result.Error ?? call.Last;
            return result;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            call.Last = new AwsError(AwsError.ConnectionFailed, ex.Message, null);
            throw;
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or ArgumentException
            && AwsExceptionErrors.FromCredentialFailure(ex) is { } error)
        {
            // The signing handler refreshing credentials (after ExpiredTokenException, or near their expiry) met
            // STS or the Pod Identity agent failing: an error like any other, retried when it passes (5xx, 429).
            call.Last = error;
            return AwsResult.Failure<T>(error);
        }
        catch (OperationCanceledException) when (!call.CallerToken.IsCancellationRequested)
        {
            call.Last = new AwsError(AwsError.Timeout, "an attempt got no answer in time", null);
            throw;
        }
    }

    /// <summary>The first expiry drops the cached credentials and earns a retry; a second one is final.</summary>
    private AwsResult<T> AfterExpiredToken<T>(CallState call, AwsResult<T> result, AwsError expired)
        where T : class
    {
        var final = call.Refreshed;
        call.Refreshed = true;
        refreshCredentials?.Invoke();
        return final ? AwsResult.Failure<T>(expired with { NoMoreRetries = true }) : result;
    }

    /// <summary>What one call carries across its attempts.</summary>
    private sealed class CallState(string region, string operation, byte[] body, CancellationToken callerToken)
    {
        public string Region { get; } = region;

        public string Operation { get; } = operation;

        public byte[] Body { get; } = body;

        public CancellationToken CallerToken { get; } = callerToken;

        public AwsError? Last { get; set; }

        public bool Refreshed { get; set; }
    }

    private async Task<AwsResult<T>> SendOnceAsync<T>(
        string region,
        string operation,
        byte[] body,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
        where T : class
    {
        // A new message per attempt: the signing handler below signs it with the current time.
        using var request = new HttpRequestMessage(HttpMethod.Post, endpointFor(region));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{ServiceName}.{operation}");
        request.Options.Set(RegionKey, region);

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            return AwsResult.Failure<T>(AwsErrorParser.Parse((int)response.StatusCode, response.Headers, bytes));

        return Deserialize(bytes, typeInfo, (int)response.StatusCode);
    }

    private static AwsResult<T> Deserialize<T>(byte[] bytes, JsonTypeInfo<T> typeInfo, int status)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo) is { } value
                ? AwsResult.Success<T>(value)
                : AwsResult.Failure<T>(new AwsError(AwsError.MalformedResponse, "the response body is null", status));
        }
        catch (JsonException)
        {
            // The exception's text may quote the body, which holds secret values: say only what went wrong.
            var message = "the response is not the JSON Secrets Manager sends";
            return AwsResult.Failure<T>(new AwsError(AwsError.MalformedResponse, message, status));
        }
    }
}

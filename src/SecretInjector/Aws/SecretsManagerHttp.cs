using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Logging;

namespace SecretInjector.Aws;

/// <summary>Builds the handler chain of the Secrets Manager client: signer, then (verbose) request log, then sockets.</summary>
public static class SecretsManagerHttp
{
    /// <param name="credentials">Resolved on every send by the signing handler (it caches and refreshes them).</param>
    /// <param name="defaultRegion">The signing region when a request names none.</param>
    /// <param name="requestLog">When not null, each request sent is logged (method, URL, operation, status; no body).</param>
    public static HttpClient Create(AWSCredentials credentials, string defaultRegion, ILogger? requestLog)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var transport = new SocketsHttpHandler
        {
            // A redirect followed below the signer would go out unsigned or signed for another host.
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
        };
        HttpMessageHandler inner = requestLog is null ? transport : new RequestLogHandler(requestLog) { InnerHandler = transport };
        var signer = new SigV4SigningHandler(
            credentials,
            RegionEndpoint.GetBySystemName(defaultRegion),
            SecretsManagerClient.ServiceName,
            inner);

        // The retry pipeline bounds each attempt; HttpClient's own 100 s timeout would only get in its way.
        return new HttpClient(signer) { Timeout = Timeout.InfiniteTimeSpan };
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SecretInjector.Agent;

namespace SecretInjector.Aws;

/// <summary>
/// Logs each request sent (below the signer, so each attempt once) with its status and duration: method, URL
/// without query or user info, and operation. Never a body, never a header value.
/// </summary>
public sealed class RequestLogHandler(ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method.Method;
        var url = Redact(request.RequestUri);
        var operation = request.Headers.TryGetValues("X-Amz-Target", out var targets) ? targets.FirstOrDefault() ?? "" : "";
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var elapsed = Elapsed(started);
            AgentLog.RequestSent(logger, method, url, operation, status, elapsed);
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            var errorType = ex.GetType().Name;
            var elapsed = Elapsed(started);
            AgentLog.RequestFailed(logger, method, url, operation, errorType, elapsed);
            throw;
        }
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>Drops user info and the query from a URL (an emulator URL may carry credentials).</summary>
    internal static string Redact(Uri? uri) =>
        uri is null ? "" : uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}

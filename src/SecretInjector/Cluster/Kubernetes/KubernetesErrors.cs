using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace SecretInjector.Cluster.Kubernetes;

/// <summary>Tells the API server's answers apart, whichever way the client reports them.</summary>
internal static class KubernetesErrors
{
    public static bool IsNotFound(Exception e) => StatusCode(e) == HttpStatusCode.NotFound;

    /// <summary>410 Gone: the resource version to watch from is too old (compacted); only a relist helps.</summary>
    public static bool IsGone(Exception e) => StatusCode(e) == HttpStatusCode.Gone;

    /// <summary>
    /// A watch that the server closed cleanly before sending a single line. The client peeks at the first line
    /// before it hands out the stream, so it reports this as a failed read (end of stream) or an empty body that
    /// is not JSON. It is a closed stream, not a broken server.
    /// </summary>
    public static bool IsEmptyWatch(Exception e) =>
        e is JsonException || (e is HttpRequestException && e.InnerException is EndOfStreamException);

    /// <summary>A short, log- and denial-safe description: the HTTP status or the transport error, no body.</summary>
    public static string Describe(Exception e) => e switch
    {
        HttpOperationException { Response: { } response } =>
            $"the API server answered {(int)response.StatusCode} {response.StatusCode}",
        KubernetesException { Status: { } status } =>
            $"the API server answered {status.Code} {status.Reason}",
        HttpRequestException http => $"the API server could not be reached ({http.Message})",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private static HttpStatusCode? StatusCode(Exception e) => e switch
    {
        HttpOperationException { Response: { } response } => response.StatusCode,
        KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };
}

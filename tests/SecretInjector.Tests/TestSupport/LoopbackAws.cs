using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SecretInjector.Tests.TestSupport;

/// <summary>
/// A loopback Secrets Manager, STS and container-credentials endpoint on 127.0.0.1. It checks the SigV4 signature
/// of every Secrets Manager request from the bytes received (with <see cref="SigV4Reference"/>), serves the shapes
/// of <c>fixtures/secretsmanager/exchanges</c> byte for byte, and can throttle, fail with 5xx, answer slowly or drop
/// the connection on demand.
/// </summary>
public sealed class LoopbackAws : IAsyncDisposable
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string StsAccessKey = "ASIAEXAMPLEEXAMPLE02";
    public const string StsSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY02";
    public const string StsSessionToken = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQEXAMPLEtokenNOTREAL+/=";
    public const string PodIdentityAccessKey = "ASIAPODIDENTITYEXAMPLE";
    public const string PodIdentitySecretKey = "podIdentitySecretKeyEXAMPLE0000000000000";
    public const string PodIdentitySessionToken = "PodIdentitySessionTokenEXAMPLE";
    public const string PodIdentityPath = "/v1/credentials";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _errorCases = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentQueue<string> _stsFaults = new();
    private readonly ConcurrentQueue<(int Status, string Body)> _podIdentityFaults = new();
    private readonly Dictionary<string, ExchangeCase> _cases;

    private LoopbackAws(WebApplication app, Dictionary<string, ExchangeCase> cases)
    {
        _app = app;
        _cases = cases;
        foreach (var c in cases.Values.Where(c => c.Operation == "GetSecretValue" && c.Status == 200))
            _secrets[SecretIdOf(c.RequestBody)] = c.ResponseBody;
        _errorCases["treasury/ledger-signing-key"] = "error.AccessDeniedException";
        _errorCases["payments/kms-broken"] = "error.DecryptionFailure";
        _errorCases["payments/old-api-key"] = "error.InvalidRequestException";
        _errorCases["payments/does-not-exist"] = "error.ResourceNotFoundException";
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>The web identity token STS accepts (the fixture's fake EKS token).</summary>
    public string WebIdentityToken { get; } = File.ReadAllText(RepoPaths.Fixture("secretsmanager", "exchanges", "sts.web-identity-token.jwt")).Trim();

    /// <summary>The Pod Identity agent's authorization token the stub accepts.</summary>
    public string PodIdentityToken { get; } = "pod-identity-token-EXAMPLE";

    /// <summary>When true, BatchGetSecretValue answers AccessDeniedException, as for a role without that permission.</summary>
    public bool RefuseBatch { get; set; }

    /// <summary>At most this many values per BatchGetSecretValue page; the rest come with NextToken.</summary>
    public int BatchPageSize { get; set; } = 20;

    /// <summary>When set, STS answers with this case (e.g. <c>sts.error.InvalidIdentityToken</c>).</summary>
    public string? StsCase { get; set; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public static async Task<LoopbackAws> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new LoopbackAws(app, ExchangeCase.LoadAll());
        app.Run(stub.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.Url = new Uri(address.TrimEnd('/') + "/");
        return stub;
    }

    /// <summary>Adds (or replaces) a plain-text secret answered like the json-string fixture.</summary>
    public void AddSecret(string secretId, string value)
    {
        var body = new JsonObject
        {
            ["ARN"] = $"arn:aws:secretsmanager:us-east-1:111122223333:secret:{secretId}-AbCdEf",
            ["CreatedDate"] = 1.717321234567E9,
            ["Name"] = secretId,
            ["SecretString"] = value,
            ["VersionId"] = "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1",
            ["VersionStages"] = new JsonArray("AWSCURRENT"),
        };
        _secrets[secretId] = Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>Forgets a secret: reads of it answer ResourceNotFoundException.</summary>
    public void RemoveSecret(string secretId) => _secrets.TryRemove(secretId, out _);

    /// <summary>The next <paramref name="times"/> Secrets Manager calls fail this way.</summary>
    public void Inject(FaultKind kind, int times = 1, TimeSpan delay = default)
    {
        for (var i = 0; i < times; i++)
            _faults.Enqueue(new Fault(kind, delay));
    }

    /// <summary>Forgets every fault still queued: the outage is over.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>The next <paramref name="times"/> STS calls answer with this case (e.g. <c>sts.error.IDPCommunicationError</c>).</summary>
    public void InjectSts(string caseName, int times = 1)
    {
        for (var i = 0; i < times; i++)
            _stsFaults.Enqueue(caseName);
    }

    /// <summary>
    /// The next <paramref name="times"/> calls to the Pod Identity credentials path answer this status and body
    /// instead of credentials (e.g. 500, or 200 with a body that is not credentials JSON).
    /// </summary>
    public void InjectPodIdentity(int status, string body = "", int times = 1)
    {
        for (var i = 0; i < times; i++)
            _podIdentityFaults.Enqueue((status, body));
    }

    /// <summary>Forgets every Pod Identity fault still queued.</summary>
    public void ClearPodIdentityFaults() => _podIdentityFaults.Clear();

    /// <summary>Every secret value the stub can serve, to check that none leaks into logs.</summary>
    public IEnumerable<string> SecretValues()
    {
        foreach (var body in _secrets.Values)
        {
            var node = JsonNode.Parse(body)!;
            if (node["SecretString"]?.GetValue<string>() is { } text)
                yield return text;
            if (node["SecretBinary"]?.GetValue<string>() is { } binary)
                yield return binary;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        var body = buffer.ToArray();
        if (context.Request.Method == "GET" && context.Request.Path == PodIdentityPath)
        {
            await ServePodIdentityAsync(context).ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true)
        {
            await ServeStsAsync(context, body).ConfigureAwait(false);
            return;
        }

        await ServeSecretsManagerAsync(context, body).ConfigureAwait(false);
    }

    private async Task ServeSecretsManagerAsync(HttpContext context, byte[] body)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var (valid, accessKey, problem) = VerifySignature(context.Request, body);
        Requests.Enqueue(new ReceivedRequest(target, Encoding.UTF8.GetString(body), valid, accessKey, problem, SignedHeadersOf(context.Request), SigningRegionOf(context.Request)));
        if (!valid)
        {
            await SendCaseAsync(context, "error.InvalidSignatureException").ConfigureAwait(false);
            return;
        }

        if (_faults.TryDequeue(out var fault) && await ApplyFaultAsync(context, fault).ConfigureAwait(false))
            return;

        switch (target)
        {
            case "secretsmanager.GetSecretValue":
                await ServeGetSecretValueAsync(context, body).ConfigureAwait(false);
                break;
            case "secretsmanager.BatchGetSecretValue":
                await ServeBatchAsync(context, body).ConfigureAwait(false);
                break;
            default:
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("{\"__type\":\"UnknownOperationException\"}").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>True when the fault answered the request.</summary>
    private async Task<bool> ApplyFaultAsync(HttpContext context, Fault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                await SendCaseAsync(context, "error.ThrottlingException").ConfigureAwait(false);
                return true;
            case FaultKind.ServerError:
                await SendCaseAsync(context, "error.InternalServiceError").ConfigureAwait(false);
                return true;
            case FaultKind.ExpiredToken:
                await SendCaseAsync(context, "error.ExpiredTokenException").ConfigureAwait(false);
                return true;
            case FaultKind.Drop:
                context.Abort();
                return true;
            case FaultKind.Slow:
                await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
                return false;
            default:
                return false;
        }
    }

    private async Task ServeGetSecretValueAsync(HttpContext context, byte[] body)
    {
        var secretId = SecretIdOf(body);
        if (_errorCases.TryGetValue(secretId, out var errorCase))
            await SendCaseAsync(context, errorCase).ConfigureAwait(false);
        else if (_secrets.TryGetValue(secretId, out var response))
            await SendJsonAsync(context, 200, response).ConfigureAwait(false);
        else
            await SendCaseAsync(context, "error.ResourceNotFoundException").ConfigureAwait(false);
    }

    private async Task ServeBatchAsync(HttpContext context, byte[] body)
    {
        if (RefuseBatch)
        {
            await SendCaseAsync(context, "error.AccessDeniedException").ConfigureAwait(false);
            return;
        }

        var request = JsonNode.Parse(body)!;
        var skip = request["NextToken"] is { } token ? int.Parse(token.GetValue<string>(), CultureInfo.InvariantCulture) : 0;
        var all = request["SecretIdList"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var ids = all.Skip(skip).Take(BatchPageSize).ToList();
        var values = new JsonArray();
        var errors = new JsonArray();
        foreach (var id in ids)
        {
            if (!_errorCases.ContainsKey(id) && _secrets.TryGetValue(id, out var response))
            {
                values.Add(JsonNode.Parse(response));
                continue;
            }

            var errorCase = _cases[_errorCases.GetValueOrDefault(id, "error.ResourceNotFoundException")];
            var error = JsonNode.Parse(errorCase.ResponseBody)!;
            errors.Add(new JsonObject
            {
                ["ErrorCode"] = error["__type"]!.GetValue<string>(),
                ["Message"] = (error["Message"] ?? error["message"])!.GetValue<string>(),
                ["SecretId"] = id,
            });
        }

        var answer = new JsonObject { ["Errors"] = errors, ["SecretValues"] = values };
        if (skip + ids.Count < all.Count)
            answer["NextToken"] = (skip + ids.Count).ToString(CultureInfo.InvariantCulture);
        await SendJsonAsync(context, 200, Encoding.UTF8.GetBytes(answer.ToJsonString())).ConfigureAwait(false);
    }

    private async Task ServeStsAsync(HttpContext context, byte[] body)
    {
        var form = System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body));
        Requests.Enqueue(new ReceivedRequest("sts." + form["Action"], "", true, null, null));
        var caseName = (_stsFaults.TryDequeue(out var fault) ? fault : StsCase)
            ?? (form["Action"] == "AssumeRoleWithWebIdentity" && form["WebIdentityToken"] == WebIdentityToken
                ? "sts.AssumeRoleWithWebIdentity"
                : "sts.error.InvalidIdentityToken");
        var exchange = _cases[caseName];
        var xml = Encoding.UTF8.GetString(exchange.ResponseBody);

        // The fixture's expiry lies in the past, and the SDK would refresh expired credentials on every request.
        var expiry = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        xml = xml.Replace("<Expiration>2024-06-02T10:40:34Z</Expiration>", $"<Expiration>{expiry}</Expiration>", StringComparison.Ordinal);
        context.Response.StatusCode = exchange.Status;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(xml).ConfigureAwait(false);
    }

    private async Task ServePodIdentityAsync(HttpContext context)
    {
        Requests.Enqueue(new ReceivedRequest("pod-identity", "", true, null, null));
        if (context.Request.Headers.Authorization.ToString() != PodIdentityToken)
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (_podIdentityFaults.TryDequeue(out var fault))
        {
            context.Response.StatusCode = fault.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(fault.Body).ConfigureAwait(false);
            return;
        }

        var answer = new JsonObject
        {
            ["AccessKeyId"] = PodIdentityAccessKey,
            ["SecretAccessKey"] = PodIdentitySecretKey,
            ["Token"] = PodIdentitySessionToken,
            ["Expiration"] = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString()).ConfigureAwait(false);
    }

    private async Task SendCaseAsync(HttpContext context, string caseName)
    {
        var exchange = _cases[caseName];
        foreach (var (name, value) in exchange.ResponseHeaders)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                context.Response.Headers[name] = value;
        }

        await SendJsonAsync(context, exchange.Status, exchange.ResponseBody).ConfigureAwait(false);
    }

    private static async Task SendJsonAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    /// <summary>Recomputes the signature from the request as received; returns whether it matches, and why not.</summary>
    private static (bool Valid, string? AccessKey, string? Problem) VerifySignature(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(SigV4Reference.Algorithm + " ", StringComparison.Ordinal))
            return (false, null, "no SigV4 Authorization header");

        var fields = authorization[(SigV4Reference.Algorithm.Length + 1)..].Split(", ")
            .Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        var scope = fields["Credential"].Split('/', 2);
        var (accessKey, scopeText) = (scope[0], scope[1]);
        var scopeParts = scopeText.Split('/');
        var signedHeaders = fields["SignedHeaders"].Split(';');
        var secretKey = accessKey switch
        {
            AccessKey => SecretKey,
            StsAccessKey => StsSecretKey,
            PodIdentityAccessKey => PodIdentitySecretKey,
            _ => null,
        };
        if (secretKey is null)
            return (false, accessKey, $"unknown access key {accessKey}");

        var payloadHash = SigV4Reference.PayloadHash(body);
        if (request.Headers["x-amz-content-sha256"].ToString() is { Length: > 0 } claimed && claimed != payloadHash)
            return (false, accessKey, "x-amz-content-sha256 does not match the body");
        if (ExpectedToken(accessKey) is { } token && request.Headers["X-Amz-Security-Token"].ToString() != token)
            return (false, accessKey, "the session token is missing or wrong");
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
            return (false, accessKey, "host and x-amz-date must be signed");

        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        var canonical = SigV4Reference.CanonicalRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", headers, signedHeaders, payloadHash);
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        var stringToSign = SigV4Reference.StringToSign(amzDate, scopeText, canonical);
        var expected = SigV4Reference.Signature(secretKey, scopeParts[0], scopeParts[1], scopeParts[2], stringToSign);
        if (scopeParts[2] != "secretsmanager")
            return (false, accessKey, $"signed for service {scopeParts[2]}");
        return expected == fields["Signature"] ? (true, accessKey, null) : (false, accessKey, "signature mismatch");
    }

    private static string[] SignedHeadersOf(HttpRequest request) =>
        request.Headers.Authorization.ToString().Split("SignedHeaders=") is [_, var rest] ? rest.Split(',')[0].Split(';') : [];

    /// <summary>The region of <c>Credential=KEY/DATE/REGION/SERVICE/aws4_request</c>.</summary>
    private static string? SigningRegionOf(HttpRequest request) =>
        request.Headers.Authorization.ToString().Split("Credential=") is [_, var rest] && rest.Split('/') is [_, _, var region, ..] ? region : null;

    private static string? ExpectedToken(string accessKey) => accessKey switch
    {
        StsAccessKey => StsSessionToken,
        PodIdentityAccessKey => PodIdentitySessionToken,
        _ => null,
    };

    private static string SecretIdOf(byte[] body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("SecretId").GetString()!;

    private sealed record Fault(FaultKind Kind, TimeSpan Delay);
}

using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretInjector.Aws;
using SecretInjector.Tests.TestSupport;
using Xunit;

namespace SecretInjector.Tests.Aws;

/// <summary>The typed client in process against the loopback stub, which checks every signature itself.</summary>
public sealed class SecretsManagerClientTests : IAsyncLifetime
{
    private static readonly AwsRetryOptions FastRetries = new(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));
    private LoopbackAws _aws = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _aws = await LoopbackAws.StartAsync();
        _http = SecretsManagerHttp.Create(new BasicAWSCredentials(LoopbackAws.AccessKey, LoopbackAws.SecretKey), "us-east-1", null);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _aws.DisposeAsync();
    }

    public static TheoryData<string> GetSecretValueCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in ExchangeCase.LoadAll().Values.Where(c => c.Operation == "GetSecretValue" && c.Status == 200))
            data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(GetSecretValueCases))]
    public async Task GetSecretValue_FixtureCase_SendsTheFixtureRequestSignedAndReadsTheValue(string name)
    {
        var exchange = ExchangeCase.LoadAll()[name];
        var fixtureRequest = JsonNode.Parse(exchange.RequestBody)!;
        var request = new GetSecretValueRequest(
            fixtureRequest["SecretId"]!.GetValue<string>(),
            fixtureRequest["VersionId"]?.GetValue<string>(),
            fixtureRequest["VersionStage"]?.GetValue<string>());

        var result = await Client().GetSecretValueAsync("us-east-1", request, CancellationToken.None);

        var expected = JsonNode.Parse(exchange.ResponseBody)!;
        Assert.Null(result.Error);
        Assert.Equal(expected["ARN"]!.GetValue<string>(), result.Value!.Arn);
        Assert.Equal(expected["SecretString"]?.GetValue<string>(), result.Value.SecretString);
        Assert.Equal(expected["SecretBinary"]?.GetValue<string>(), result.Value.SecretBinary is { } b ? Convert.ToBase64String(b) : null);
        var received = Assert.Single(_aws.Requests);
        Assert.True(received.SignatureValid, received.Problem);
        Assert.Equal("secretsmanager.GetSecretValue", received.Target);
        Assert.True(JsonNode.DeepEquals(fixtureRequest, JsonNode.Parse(received.Body)), received.Body);
        Assert.Subset(received.SignedHeaders!.ToHashSet(), new HashSet<string> { "content-type", "host", "x-amz-date", "x-amz-target", "x-amz-content-sha256" });
    }

    [Theory]
    [InlineData("payments/does-not-exist", "ResourceNotFoundException")]
    [InlineData("treasury/ledger-signing-key", "AccessDeniedException")]
    [InlineData("payments/kms-broken", "DecryptionFailure")]
    public async Task GetSecretValue_ServiceError_IsAValueAndNotRetried(string secretId, string code)
    {
        var result = await Client().GetSecretValueAsync("us-east-1", new(secretId, null, null), CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
        Assert.Single(_aws.Requests);
    }

    [Theory]
    [InlineData(FaultKind.Throttle)]
    [InlineData(FaultKind.ServerError)]
    [InlineData(FaultKind.Drop)]
    public async Task GetSecretValue_TransientFault_RetriesWithAFreshSignature(FaultKind fault)
    {
        _aws.Inject(fault, 2);

        var result = await Client().GetSecretValueAsync("us-east-1", new("payments/db-password", null, null), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(3, _aws.Requests.Count);
        Assert.All(_aws.Requests, r => Assert.True(r.SignatureValid, r.Problem));
    }

    [Fact]
    public async Task GetSecretValue_WrongSecretKey_StubRejectsTheSignature()
    {
        using var http = SecretsManagerHttp.Create(new BasicAWSCredentials(LoopbackAws.AccessKey, "not-the-secret-key"), "us-east-1", null);
        var client = new SecretsManagerClient(http, _ => _aws.Url, AwsRetryPipeline.Create(FastRetries));

        var result = await client.GetSecretValueAsync("us-east-1", new("payments/db-password", null, null), CancellationToken.None);

        Assert.Equal("InvalidSignatureException", result.Error?.Code);
        Assert.Equal("signature mismatch", Assert.Single(_aws.Requests).Problem);
    }

    [Fact]
    public async Task GetSecretValue_OtherRegion_IsSignedForThatRegion()
    {
        var result = await Client().GetSecretValueAsync("eu-west-1", new("payments/db-password", null, null), CancellationToken.None);

        Assert.Null(result.Error);
        var received = Assert.Single(_aws.Requests);
        Assert.True(received.SignatureValid, received.Problem);
        Assert.Equal("eu-west-1", received.SigningRegion);
    }

    [Fact]
    public async Task GetSecretValue_ThrottledBeyondRetries_ReturnsTheThrottlingError()
    {
        _aws.Inject(FaultKind.Throttle, 10);

        var result = await Client().GetSecretValueAsync("us-east-1", new("payments/db-password", null, null), CancellationToken.None);

        Assert.Equal("ThrottlingException", result.Error?.Code);
        Assert.Equal(FastRetries.MaxRetries + 1, _aws.Requests.Count);
    }

    [Fact]
    public async Task GetSecretValue_ExpiredToken_RefreshesCredentialsAndRetriesOnce()
    {
        _aws.Inject(FaultKind.ExpiredToken, 5);
        var refreshes = 0;
        var client = new SecretsManagerClient(_http, _ => _aws.Url, AwsRetryPipeline.Create(FastRetries), () => refreshes++);

        var result = await client.GetSecretValueAsync("us-east-1", new("payments/db-password", null, null), CancellationToken.None);

        Assert.Equal("ExpiredTokenException", result.Error?.Code);
        Assert.Equal(2, _aws.Requests.Count);
        Assert.True(refreshes >= 1);
    }

    [Fact]
    public async Task GetSecretValue_SlowAttempt_IsAbandonedAndRetried()
    {
        _aws.Inject(FaultKind.Slow, 1, TimeSpan.FromSeconds(10));
        var client = new SecretsManagerClient(_http, _ => _aws.Url, AwsRetryPipeline.Create(FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(500) }));

        var result = await client.GetSecretValueAsync("us-east-1", new("payments/db-password", null, null), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(2, _aws.Requests.Count);
    }

    [Fact]
    public async Task BatchGetSecretValue_SomeMissing_ReturnsValuesAndPerSecretErrors()
    {
        var ids = new[] { "payments/db-password", "payments/app-env", "payments/does-not-exist", "payments/kms-broken" };

        var result = await Client().BatchGetSecretValueAsync("us-east-1", new(ids, null), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["payments/db-password", "payments/app-env"], result.Value!.SecretValues!.Select(v => v.Name));
        Assert.Equal(["ResourceNotFoundException", "DecryptionFailure"], result.Value.Errors!.Select(e => e.ErrorCode));
        Assert.True(Assert.Single(_aws.Requests).SignatureValid);
    }

    [Fact]
    public void Deserialize_BatchFixture_ReadsValuesErrorsAndNextToken()
    {
        var exchange = ExchangeCase.LoadAll()["BatchGetSecretValue.filter-page-1"];

        var page = System.Text.Json.JsonSerializer.Deserialize(exchange.ResponseBody, AwsJsonContext.Default.BatchGetSecretValueResponse)!;

        Assert.Equal(2, page.SecretValues!.Count);
        Assert.Empty(page.Errors!);
        Assert.StartsWith("EXAMPLE", page.NextToken, StringComparison.Ordinal);
    }

    private SecretsManagerClient Client() => new(_http, _ => _aws.Url, AwsRetryPipeline.Create(FastRetries));
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace SecretInjector.Admission;

/// <summary>The webhook's HTTP surface: <c>POST /mutate</c>, <c>GET /healthz</c>, <c>GET /readyz</c>.</summary>
public static class AdmissionEndpoints
{
    public static IEndpointRouteBuilder MapAdmission(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/mutate", Mutate);
        endpoints.MapGet("/healthz", () => TypedResults.Text("ok"));
        endpoints.MapGet("/readyz", Ready);
        return endpoints;
    }

    private static async Task<Results<JsonHttpResult<AdmissionReview>, ContentHttpResult>> Mutate(
        HttpRequest request,
        AdmissionService service,
        CancellationToken cancellationToken)
    {
        var (review, status, error) = await AdmissionReviewReader.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (review?.Request is not { } admission)
            return TypedResults.Text(error + "\n", "text/plain", statusCode: status);

        var response = await service.ReviewAsync(admission, cancellationToken).ConfigureAwait(false);
        var answer = new AdmissionReview { ApiVersion = AdmissionReview.V1, Kind = AdmissionReview.ReviewKind, Response = response };
        return TypedResults.Json(answer, AdmissionJsonContext.Default.AdmissionReview);
    }

    private static ContentHttpResult Ready(IDecisionContextSource contexts, ReadinessGate gate) =>
        contexts.IsReady && gate.IsOpen
            ? TypedResults.Text("ready")
            : TypedResults.Text("not ready", statusCode: StatusCodes.Status503ServiceUnavailable);
}

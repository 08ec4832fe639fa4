using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SecretInjector.Admission;

/// <summary>Reads an AdmissionReview from a request body, or says in one line why it cannot.</summary>
public static class AdmissionReviewReader
{
    /// <summary>Largest body read: a pod may be up to about 1.5 MiB in etcd, and the review holds two of them.</summary>
    public const long MaxBodyBytes = 7 * 1024 * 1024;

    public static async Task<(AdmissionReview? Review, int Status, string? Error)> ReadAsync(
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBodyBytes)
            return (null, StatusCodes.Status413PayloadTooLarge, $"the body is {request.ContentLength} bytes; at most {MaxBodyBytes} are read");

        AdmissionReview? review;
        try
        {
            review = await JsonSerializer.DeserializeAsync(
                request.Body, AdmissionJsonContext.Default.AdmissionReview, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
        }
        catch (JsonException e)
        {
            return (null, StatusCodes.Status400BadRequest, $"the body is not an AdmissionReview: {OneLine(e.Message)}");
        }

        var problem = Problem(review);
        return problem is null ? (review, StatusCodes.Status200OK, null) : (null, StatusCodes.Status400BadRequest, problem);
    }

    private static string? Problem(AdmissionReview? review)
    {
        if (review is null)
            return "the body is not an AdmissionReview: it is JSON null";
        if (review.Kind != AdmissionReview.ReviewKind)
            return $"kind is '{review.Kind}', expected {AdmissionReview.ReviewKind}";
        if (review.ApiVersion != AdmissionReview.V1)
            return $"apiVersion is '{review.ApiVersion}'; only {AdmissionReview.V1} is served (set admissionReviewVersions: [v1])";
        if (review.Request is null)
            return "the AdmissionReview has no request";
        if (string.IsNullOrEmpty(review.Request.Uid))
            return "the AdmissionReview request has no uid";
        if (string.IsNullOrEmpty(review.Request.Operation))
            return "the AdmissionReview request has no operation";
        return null;
    }

    private static string OneLine(string text) =>
        text.ReplaceLineEndings(" ");
}

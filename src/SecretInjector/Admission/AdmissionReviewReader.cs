using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Unicode;
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

        ReadResult read;
        try
        {
            read = await ReadWholeAsync(request.BodyReader, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
        }
        catch (BadHttpRequestException e)
        {
            // A body sent too slowly or cut short: Kestrel's own status (408, 400), with its reason.
            return (null, e.StatusCode, $"the body could not be read: {OneLine(e.Message)}");
        }

        AdmissionReview? review;
        try
        {
            var body = read.Buffer.IsSingleSegment ? read.Buffer.First : read.Buffer.ToArray();
            if (TextProblem(body.Span) is { } textProblem)
                return (null, StatusCodes.Status400BadRequest, $"the body is not an AdmissionReview: {textProblem}");
            review = JsonSerializer.Deserialize(body.Span, AdmissionJsonContext.Default.AdmissionReview);
        }
        catch (JsonException e)
        {
            return (null, StatusCodes.Status400BadRequest, $"the body is not an AdmissionReview: {OneLine(e.Message)}");
        }
        catch (ArgumentException e) when (e.ParamName == "key")
        {
            // Duplicate keys are refused throughout (the API server never sends them, and a later copy must not
            // win over what was checked); inside request.object the node reader reports one this way.
            return (null, StatusCodes.Status400BadRequest, $"the body is not an AdmissionReview: a JSON object holds a key twice ({OneLine(e.Message)})");
        }
        finally
        {
            request.BodyReader.AdvanceTo(read.Buffer.End);
        }

        var problem = Problem(review);
        return problem is null ? (review, StatusCodes.Status200OK, null) : (null, StatusCodes.Status400BadRequest, problem);
    }

    private static async Task<ReadResult> ReadWholeAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted)
                return result;

            // Kestrel cancels pending reads when the server begins to stop; the body still arrives, and a
            // review half read must not be answered as a malformed one.
            cancellationToken.ThrowIfCancellationRequested();
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>
    /// Text the JSON reader accepts but no string can hold: invalid UTF-8 bytes, or an escaped lone surrogate
    /// (<c>\ud800</c>). The parser defers both until a value is read, deep inside the decision; refusing them
    /// here gives the sender a 400 that says so.
    /// </summary>
    private static string? TextProblem(ReadOnlySpan<byte> body)
    {
        var invalidAt = Utf8.IsValid(body) ? -1 : FirstInvalidUtf8(body);
        if (invalidAt >= 0)
            return $"byte {invalidAt} is not valid UTF-8";
        if (body.IndexOf("\\u"u8) < 0)
            return null;

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                    _ = reader.GetString();
            }
        }
        catch (InvalidOperationException)
        {
            return $"the string at byte {reader.TokenStartIndex} escapes a lone UTF-16 surrogate";
        }
        catch (JsonException)
        {
            // Malformed JSON: the deserializer reports it with its own position.
        }

        return null;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> body)
    {
        var status = Utf8.ToUtf16(body, new char[body.Length], out var read, out _, replaceInvalidSequences: false);
        return status == OperationStatus.InvalidData ? read : -1;
    }

    private static string? Problem(AdmissionReview? review)
    {
        if (review is null)
            return "the body is not an AdmissionReview: it is JSON null";
        if (string.IsNullOrEmpty(review.Kind))
            return $"the body has no kind; expected {AdmissionReview.ReviewKind}";
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

using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace SecretInjector.Aws;

/// <summary>
/// Turns the SDK's credential exceptions into <see cref="AwsError"/>. The chain wraps STS's answer (e.g.
/// <c>InvalidIdentityToken</c>) in a generic "Error calling AssumeRole" exception, so the innermost service error
/// gives the code and both messages are kept.
/// </summary>
public static partial class AwsExceptionErrors
{
    public static AwsError From(AmazonClientException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return FromServiceCode(exception) ?? new AwsError(AwsError.CredentialsUnavailable, exception.Message, null);
    }

    /// <summary>
    /// What the credential chain threw while finding or refreshing credentials, as an error; null for an exception
    /// that is no credential failure. <see cref="AmazonServiceException"/> is not an <see cref="AmazonClientException"/>:
    /// the container credentials provider (EKS Pod Identity, ECS) throws it when its endpoint answers an error, cannot
    /// be reached or answers something that is not credentials; the SDK's credential types throw
    /// <see cref="ArgumentException"/> when that answer lacks a field.
    /// </summary>
    public static AwsError? FromCredentialFailure(Exception exception) => exception switch
    {
        AmazonClientException client => FromServiceCode(client) ?? FromTransport(client),
        AmazonServiceException service => FromServiceCode(service) ?? FromTransport(service),
        ArgumentException argument => new AwsError(
            AwsError.CredentialsUnavailable,
            $"the credentials received are incomplete ({argument.ParamName ?? "a field"} is missing)",
            null),
        HttpRequestException or IOException => new AwsError(AwsError.ConnectionFailed, exception.Message, null),
        _ => null,
    };

    /// <summary>The innermost AWS error code (e.g. STS's <c>InvalidIdentityToken</c>), when there is one.</summary>
    private static AwsError? FromServiceCode(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is AmazonServiceException { ErrorCode.Length: > 0 } service)
            {
                var message = ReferenceEquals(current, exception) ? service.Message : $"{exception.Message}: {service.Message}";
                return new AwsError(service.ErrorCode, message, (int)service.StatusCode);
            }
        }

        return null;
    }

    /// <summary>
    /// A credentials endpoint that answered an HTTP error (its status kept, so 5xx and 429 are retried), could not be
    /// reached (<see cref="AwsError.ConnectionFailed"/>), or answered something that is not credentials JSON.
    /// </summary>
    /// <remarks>
    /// The container credentials provider keeps no inner exception and no status: it throws
    /// <c>Unable to retrieve credentials. Message = "..."</c> with the message of what failed, so that text is all
    /// there is to read.
    /// </remarks>
    private static AwsError FromTransport(Exception exception)
    {
        var chain = Chain(exception).ToList();
        var message = exception.Message;

        // A JSON parser's message quotes the text it failed on, which here may hold credentials: never pass it on.
        if (chain.Any(e => e is JsonException) || JsonParserText().IsMatch(message))
            return new AwsError(AwsError.CredentialsUnavailable, "the credentials endpoint's answer is not credentials JSON", null);
        if (chain.OfType<HttpRequestException>().FirstOrDefault() is { StatusCode: { } status })
            return new AwsError(AwsError.CredentialsUnavailable, message, (int)status);
        if (HttpStatusText().Match(message) is { Success: true } match)
            return new AwsError(AwsError.CredentialsUnavailable, message, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        if (exception is AmazonServiceException || chain.Any(e => e is HttpRequestException or IOException or SocketException))
        {
            // No answer at all: refused, reset, unresolvable or timed-out connections.
            return new AwsError(AwsError.ConnectionFailed, message, null);
        }

        return new AwsError(AwsError.CredentialsUnavailable, message, null);
    }

    [GeneratedRegex(@"status code does not indicate success: (\d{3})", RegexOptions.CultureInvariant)]
    private static partial Regex HttpStatusText();

    [GeneratedRegex(@"JSON|LineNumber:|BytePositionInLine", RegexOptions.CultureInvariant)]
    private static partial Regex JsonParserText();

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
            yield return current;
    }
}

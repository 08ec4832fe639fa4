using SecretInjector.Aws;

namespace SecretInjector.Agent;

/// <summary>What to do about each failure, in one sentence the user can act on.</summary>
public static class FailureAdvice
{
    public const string SecretNotJson = "SecretNotJson";
    public const string JsonKeyNotFound = "JsonKeyNotFound";
    public const string InvalidEnvKey = "InvalidEnvKey";
    public const string NotAnObject = "NotAnObject";
    public const string BinarySecret = "BinarySecret";
    public const string EmptySecret = "EmptySecret";
    public const string NoRegion = "NoRegion";

    public static string For(string code) => code switch
    {
        "ResourceNotFoundException" =>
            "Check the name and region, and that the role may read it.",
        "AccessDeniedException" =>
            "Allow secretsmanager:GetSecretValue on this secret to the pod's role (and kms:Decrypt on its key).",
        "AccessDenied" =>
            "STS would not let the pod assume its role: check the role's trust policy (namespace, service account, audience).",
        "DecryptionFailure" =>
            "Allow kms:Decrypt on the secret's KMS key to the pod's role, and check that the key is enabled.",
        "InvalidRequestException" =>
            "The secret may be scheduled for deletion: restore it or point the annotation at another secret.",
        "InvalidParameterException" =>
            "Check the secret id, version id and version stage in the pod's annotations.",
        "ExpiredTokenException" or "UnrecognizedClientException" or "InvalidSignatureException"
            or "InvalidClientTokenId" or "SignatureDoesNotMatch" =>
            "Check the pod's AWS identity (IRSA role or Pod Identity association) and the node's clock.",
        "InvalidIdentityToken" or "IDPRejectedClaim" or "IDPCommunicationError" =>
            "Check the role's trust policy and the cluster's OIDC provider for IRSA.",
        AwsError.CredentialsUnavailable =>
            "Give the pod an AWS identity: IRSA (a service account role) or an EKS Pod Identity association.",
        "ThrottlingException" or "TooManyRequestsException" or "InternalServiceError" or AwsError.ConnectionFailed or AwsError.Timeout =>
            "Retries ran out: check network access to Secrets Manager, or raise the timeout.",
        SecretNotJson =>
            "A #key or the json/env format needs a JSON secret; use format raw without a key.",
        JsonKeyNotFound =>
            "Check the key after # in the annotation (dots reach into nested objects).",
        InvalidEnvKey =>
            "The env format needs keys that are shell variable names; use format json instead.",
        NotAnObject =>
            "The env format needs a JSON object; use format json or raw.",
        BinarySecret =>
            "A binary secret can only be written raw without a #key.",
        EmptySecret =>
            "The secret version holds no value: put a value in it.",
        NoRegion =>
            "Set AWS_REGION on the pod or use the secret's full ARN.",
        AwsError.MalformedResponse =>
            "Check that the endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL) is Secrets Manager.",
        _ => "",
    };
}

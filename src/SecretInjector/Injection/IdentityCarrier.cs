namespace SecretInjector.Injection;

/// <summary>A container of the pod whose env already carries an AWS identity.</summary>
/// <param name="Container">Where it is, as <c>containers/NAME</c> or <c>initContainers/NAME</c>.</param>
/// <param name="Source"><c>irsa</c> or <c>pod-identity</c>.</param>
/// <param name="RoleArn">The <c>AWS_ROLE_ARN</c> of an IRSA identity; null for Pod Identity, whose role is bound on the AWS side.</param>
/// <param name="Region">Its <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>, else null.</param>
/// <param name="RoleUnreadable">
/// True when an IRSA <c>AWS_ROLE_ARN</c> comes from <c>valueFrom</c> (a ConfigMap, a Secret, a field): the role is
/// only known in the kubelet, so the webhook cannot judge it.
/// </param>
public sealed record IdentityCarrier(string Container, string Source, string? RoleArn, string? Region, bool RoleUnreadable = false);

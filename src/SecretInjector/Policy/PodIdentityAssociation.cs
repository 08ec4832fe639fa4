namespace SecretInjector.Policy;

/// <summary>
/// An EKS Pod Identity association, declared in the policy because the cluster cannot see it: pods running as
/// <paramref name="ServiceAccount"/> in <paramref name="Namespace"/> get <paramref name="RoleArn"/>.
/// </summary>
public sealed record PodIdentityAssociation(string Namespace, string ServiceAccount, string RoleArn);

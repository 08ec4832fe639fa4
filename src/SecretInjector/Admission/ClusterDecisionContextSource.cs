using Microsoft.Extensions.Options;
using SecretInjector.Cluster;
using SecretInjector.Configuration;
using SecretInjector.Injection;
using SecretInjector.Policy;

namespace SecretInjector.Admission;

/// <summary>
/// The serving context: the settings, the policy snapshot in force, and a view of the cluster objects the pod's
/// decision may need. Cluster objects are read only for pods that opt in, so the webhook costs nothing for the rest.
/// </summary>
public sealed class ClusterDecisionContextSource(
    IOptions<InjectorOptions> options,
    IClusterSource cluster,
    IPolicySource policy) : IDecisionContextSource
{
    private static readonly IClusterView Nothing = new ClusterSnapshot(
        Lookup<NamespaceObject>.NotFound, Lookup<ServiceAccountObject>.NotFound, null);

    public bool IsReady => cluster.IsSynced;

    public async ValueTask<DecisionContext> ForAsync(AdmissionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var snapshot = policy.Current;
        var (pod, _) = PodView.From(input.Pod);
        if (pod is null || AnnotationReader.StringValue(pod.Annotations, Annotations.Inject) != "true")
            return new DecisionContext(options.Value, Nothing, snapshot);

        var providerClass = AnnotationReader.StringValue(pod.Annotations, Annotations.SecretProviderClass);
        var view = await cluster.ViewForAsync(input.Namespace, pod.ServiceAccountName, providerClass, cancellationToken).ConfigureAwait(false);
        return new DecisionContext(options.Value, view, snapshot);
    }
}

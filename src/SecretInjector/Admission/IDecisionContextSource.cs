using SecretInjector.Injection;

namespace SecretInjector.Admission;

/// <summary>Gathers what a decision needs besides the request (settings, and the cluster and policy once loaded).</summary>
public interface IDecisionContextSource
{
    /// <summary>True once everything the decisions need is loaded; <c>/readyz</c> answers from it.</summary>
    bool IsReady { get; }

    ValueTask<DecisionContext> ForAsync(AdmissionInput input, CancellationToken cancellationToken);
}

using Microsoft.Extensions.Options;
using SecretInjector.Configuration;
using SecretInjector.Injection;

namespace SecretInjector.Admission;

/// <summary>A context of settings alone.</summary>
public sealed class StaticDecisionContextSource(IOptions<InjectorOptions> options) : IDecisionContextSource
{
    private readonly DecisionContext _context = new(options.Value);

    public bool IsReady => true;

    public ValueTask<DecisionContext> ForAsync(AdmissionInput input, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_context);
}

using Xunit;

namespace SecretInjector.Tests.TestSupport;

/// <summary>Tests that set <c>AWS_*</c> variables or run agent processes: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialAgentRuns
{
    public const string Name = "AWS environment";
}

namespace SecretInjector.Tests.TestSupport;

/// <summary>How <see cref="FakeKubernetesApi"/> answers every request.</summary>
public enum FakeKubernetesApiHealth
{
    Healthy,

    /// <summary>503 with a Status body, as an API server that is up but overloaded or starting.</summary>
    Unavailable,

    /// <summary>The connection is dropped before any answer, as a server that went away.</summary>
    Dropping,
}

namespace SecretInjector.Admission;

/// <summary>Closed while the webhook shuts down, so load balancers stop sending it new reviews.</summary>
public sealed class ReadinessGate
{
    private volatile bool _open = true;

    public bool IsOpen => _open;

    public void Close() => _open = false;
}

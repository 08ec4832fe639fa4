namespace SecretInjector.Agent;

/// <summary>When the refresh loop reads: every <see cref="Interval"/> (jittered), each read bounded by <see cref="Timeout"/>.</summary>
public sealed record RefreshSchedule(TimeSpan Interval, TimeSpan Timeout);

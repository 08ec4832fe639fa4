using System.Text.Json.Nodes;

namespace SecretInjector.Injection;

/// <summary>A volume mount to add to one existing container.</summary>
/// <param name="List"><c>containers</c> or <c>initContainers</c>.</param>
/// <param name="Index">Position of the container in that list, as it arrived.</param>
/// <param name="HasMounts">True when the container already has a <c>volumeMounts</c> array.</param>
/// <param name="Mount">The mount to add.</param>
public sealed record MountTarget(string List, int Index, bool HasMounts, JsonObject Mount);

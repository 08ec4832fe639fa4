using System.Text.Json.Nodes;

namespace SecretInjector.Injection;

/// <summary>What to add to a pod, before it is written as JSON Patch.</summary>
/// <param name="InitContainers">Containers to put first in <c>initContainers</c>, in this order.</param>
/// <param name="Containers">Containers to append to <c>containers</c> (the classic sidecar).</param>
/// <param name="Volumes">Volumes to append.</param>
/// <param name="Mounts">Mounts to add to existing containers.</param>
/// <param name="Warnings">Things the user should know although the pod is admitted.</param>
/// <param name="ChosenFileMode">
/// The file mode the webhook chose when the pod has no <c>file-mode</c> annotation, recorded in that annotation
/// so the pod says what its files are; null when the pod chose or the mode has no files.
/// </param>
public sealed record InjectionPlan(
    IReadOnlyList<JsonObject> InitContainers,
    IReadOnlyList<JsonObject> Containers,
    IReadOnlyList<JsonObject> Volumes,
    IReadOnlyList<MountTarget> Mounts,
    IReadOnlyList<string> Warnings,
    int? ChosenFileMode = null);

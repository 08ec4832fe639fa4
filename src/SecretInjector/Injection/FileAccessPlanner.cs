using System.Text.Json.Nodes;
using SecretInjector.Configuration;
using SecretInjector.Contract;

namespace SecretInjector.Injection;

/// <summary>
/// Chooses the agent's UID and the files' mode from what the pod declares about its users.
/// </summary>
/// <remarks>
/// The agent runs as the readers' UID when they all share one non-root UID, else as the pod's non-root
/// <c>runAsUser</c>, else as <see cref="InjectorOptions.AgentUser"/>. Without a <c>file-mode</c> annotation the
/// mode is the narrowest that lets every reader read: <c>0400</c> when the readers are the writer,
/// <c>0440</c> when they share the pod's <c>fsGroup</c> (the kubelet makes the volume group-owned by it),
/// otherwise <c>0444</c> (the volume is still mounted only into the selected containers).
/// </remarks>
public static class FileAccessPlanner
{
    private const int OwnerRead = 0b100_000_000;
    private const int GroupRead = 0b000_100_000;
    private const int OtherRead = 0b000_000_100;

    public static FileOwnership Plan(
        PodView pod,
        IReadOnlyList<JsonObject> readers,
        int? requestedMode,
        InjectorOptions options,
        List<string> problems,
        List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(options);
        var podContext = pod.SecurityContext;
        var podUid = PodView.Number(podContext, "runAsUser");
        var fsGroup = PodView.Number(podContext, "fsGroup");
        var uids = readers.Select(r => PodView.Number(r["securityContext"] as JsonObject, "runAsUser") ?? podUid).ToList();

        var writer = uids.Count > 0 && uids.All(u => u is > 0 && u == uids[0]) ? uids[0]!.Value
            : podUid is > 0 ? podUid.Value
            : options.AgentUser;
        var fileGroup = fsGroup ?? PodView.Number(podContext, "runAsGroup");
        var needs = readers.Select((r, i) => Need(r, uids[i], writer, fileGroup, fsGroup, podContext)).ToList();

        if (requestedMode is not { } mode)
            return new FileOwnership(writer, Narrowest(needs));

        for (var i = 0; i < readers.Count; i++)
        {
            if ((mode & needs[i]) != 0)
                continue;
            var name = PodView.Text(readers[i], "name");
            var formatted = AgentContract.FormatFileMode(mode);
            if (uids[i] is { } uid)
                problems.Add($"annotation {Annotations.FileMode}: container {name} runs as UID {uid} and could not read files that UID {writer} writes with mode {formatted}; use 0440 with a pod fsGroup, or 0444");
            else
                warnings.Add($"container {name} runs as its image's user, which may not be able to read files that UID {writer} writes with mode {formatted}; set runAsUser or fsGroup on the pod");
        }

        return new FileOwnership(writer, mode);
    }

    private static int Need(JsonObject reader, long? uid, long writer, long? fileGroup, long? fsGroup, JsonObject? podContext)
    {
        if (uid == writer)
            return OwnerRead;
        if (fileGroup is { } group && Groups(reader, podContext, fsGroup).Contains(group))
            return GroupRead;
        return OtherRead;
    }

    private static HashSet<long> Groups(JsonObject reader, JsonObject? podContext, long? fsGroup)
    {
        var groups = new HashSet<long>();
        var runAsGroup = PodView.Number(reader["securityContext"] as JsonObject, "runAsGroup")
            ?? PodView.Number(podContext, "runAsGroup");
        if (runAsGroup is { } g)
            groups.Add(g);
        if (fsGroup is { } f)
            groups.Add(f);
        foreach (var node in (podContext?["supplementalGroups"] as JsonArray) ?? [])
        {
            if (node is JsonValue v && v.TryGetValue<long>(out var s))
                groups.Add(s);
        }

        return groups;
    }

    private static int Narrowest(List<int> needs) =>
        needs.Contains(OtherRead) ? 0b100_100_100 : needs.Contains(GroupRead) ? 0b100_100_000 : 0b100_000_000;
}

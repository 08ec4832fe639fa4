using System.Text.Json.Nodes;
using SecretInjector.Configuration;
using SecretInjector.Injection;
using SecretInjector.Tests.TestSupport;

namespace SecretInjector.Tests.Injection;

public sealed class FileAccessPlannerTests
{
    /// <summary>Pod runAsUser, pod fsGroup, the reader containers' runAsUser (null: inherit), expected writer and mode.</summary>
    public static TheoryData<long?, long?, long?[], long, int> Cases() => new()
    {
        { 1000, 2000, [null], 1000, 0b100_000_000 },
        { null, null, [1001], 1001, 0b100_000_000 },
        { 1000, null, [null, 1001], 1000, 0b100_100_100 },
        { 1000, 2000, [null, 1001], 1000, 0b100_100_000 },
        { null, null, [null], 65532, 0b100_100_100 },
        { null, 3000, [null], 65532, 0b100_100_000 },
        { 0, null, [null], 65532, 0b100_100_100 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_NoRequestedMode_ChoosesWriterAndNarrowestReadableMode(long? podUid, long? fsGroup, long?[] readerUids, long writer, int mode)
    {
        var (pod, readers) = Build(podUid, fsGroup, readerUids);

        var access = FileAccessPlanner.Plan(pod, readers, null, new InjectorOptions(), [], []);

        Assert.Equal(new FileOwnership(writer, mode), access);
    }

    [Fact]
    public void Plan_RequestedModeAKnownReaderCannotRead_IsAProblemNamingTheContainer()
    {
        var (pod, readers) = Build(1000, null, [null, 1001]);
        var problems = new List<string>();

        FileAccessPlanner.Plan(pod, readers, 0b100_000_000, new InjectorOptions(), problems, []);

        var problem = Assert.Single(problems);
        Assert.Contains("container c1 runs as UID 1001", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RequestedModeAndReaderOfUnknownUid_Warns()
    {
        var (pod, readers) = Build(null, null, [null]);
        var warnings = new List<string>();

        FileAccessPlanner.Plan(pod, readers, 0b100_000_000, new InjectorOptions(), [], warnings);

        Assert.Contains("runs as its image's user", Assert.Single(warnings), StringComparison.Ordinal);
    }

    private static (PodView Pod, List<JsonObject> Readers) Build(long? podUid, long? fsGroup, long?[] readerUids)
    {
        var pod = Pods.OptedIn();
        var context = new JsonObject();
        if (podUid is not null)
            context["runAsUser"] = podUid;
        if (fsGroup is not null)
            context["fsGroup"] = fsGroup;
        pod["spec"]!["securityContext"] = context;
        var containers = new JsonArray();
        for (var i = 0; i < readerUids.Length; i++)
        {
            var c = new JsonObject { ["name"] = $"c{i}", ["image"] = "x" };
            if (readerUids[i] is { } uid)
                c["securityContext"] = new JsonObject { ["runAsUser"] = uid };
            containers.Add(c);
        }

        pod["spec"]!["containers"] = containers;
        var view = PodView.From(pod).View!;
        return (view, [.. containers.Select(c => c!.AsObject())]);
    }
}

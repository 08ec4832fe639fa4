using System.Text.Json.Nodes;
using SecretInjector.Configuration;
using SecretInjector.Contract;
using SecretInjector.Injection;
using Xunit;

namespace SecretInjector.Tests.TestSupport;

/// <summary>The fetch init container exactly as the webhook's decision injects it into a pod: its args and env.</summary>
public sealed record InjectedContainer(IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Env)
{
    public const string FetchContainerName = "secret-injector-fetch";

    /// <summary>The container injected into the pod of <c>TestAssets/Agent/ASSET</c>, under the given settings or the defaults.</summary>
    public static InjectedContainer FromPodAsset(string assetName, string ns, InjectorOptions? options = null)
    {
        var pod = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestAssets", "Agent", assetName)));
        var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(pod, ns), new DecisionContext(options ?? new InjectorOptions()));
        Assert.True(decision.Allowed, decision.Message);
        var container = decision.Patch
            .SelectMany(op => op.Value switch
            {
                JsonArray array => array.OfType<JsonObject>(),
                JsonObject obj => [obj],
                _ => [],
            })
            .Single(c => c["name"]?.GetValue<string>() == FetchContainerName);

        var args = container["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        var env = container["env"]!.AsArray().OfType<JsonObject>()
            .Where(e => e["value"] is not null)
            .ToDictionary(e => e["name"]!.GetValue<string>(), e => e["value"]!.GetValue<string>(), StringComparer.Ordinal);
        return new InjectedContainer(args, env);
    }

    /// <summary>The args with <c>--out</c>'s value replaced.</summary>
    public IReadOnlyList<string> ArgsWithOut(string directory)
    {
        var args = Args.ToList();
        var index = args.IndexOf(AgentContract.OutOption);
        Assert.True(index >= 0 && index + 1 < args.Count, $"no {AgentContract.OutOption} in {string.Join(' ', args)}");
        Assert.Equal(AgentContract.AgentOutDirectory, args[index + 1]);
        args[index + 1] = directory;
        return args;
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretInjector.Tests.TestSupport;

using SecretInjector.Manifests;

namespace SecretInjector.Tests.Manifests;

/// <summary>
/// The objects one kustomization renders to. Rendering is cached per folder for the whole test run: the
/// objects are read, never changed, by the tests.
/// </summary>
internal sealed class RenderedManifests
{
    /// <summary>The installable kustomizations, relative to <c>manifests/</c>.</summary>
    public const string Base = "base";
    public const string CertManager = "overlays/cert-manager";
    public const string StaticCerts = "overlays/static-certs";

    private static readonly ConcurrentDictionary<string, Lazy<RenderedManifests>> Cache = new(StringComparer.Ordinal);

    private RenderedManifests(string directory, IReadOnlyList<JsonNode> objects)
    {
        Directory = directory;
        Objects = objects;
    }

    /// <summary>The rendered kustomization folder.</summary>
    public string Directory { get; }

    public IReadOnlyList<JsonNode> Objects { get; }

    /// <summary>The rendering of <c>manifests/<paramref name="kustomization"/></c>, made once.</summary>
    public static RenderedManifests Of(string kustomization) =>
        Cache.GetOrAdd(kustomization, k => new Lazy<RenderedManifests>(() => Render(Path.Combine(RepoPaths.Manifests, k)))).Value;

    /// <summary>Renders any kustomization folder, without caching.</summary>
    public static RenderedManifests Render(string directory) =>
        new(directory, YamlReader.ReadAll(Kustomize.Build(directory)).Select(d => d.Root).OfType<JsonNode>().ToList());

    /// <summary>Every object of <paramref name="kind"/>.</summary>
    public IEnumerable<JsonNode> OfKind(string kind) =>
        Objects.Where(o => o.Str("kind") == kind);

    /// <summary>The one object of <paramref name="kind"/>; fails when there are none or several.</summary>
    public JsonNode Single(string kind)
    {
        var matches = OfKind(kind).ToList();
        Assert.True(matches.Count == 1, $"{Directory}: expected one {kind}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The object of <paramref name="kind"/> named <paramref name="name"/>.</summary>
    public JsonNode Named(string kind, string name)
    {
        var match = OfKind(kind).SingleOrDefault(o => o.Str("metadata.name") == name);
        Assert.True(match is not null, $"{Directory}: no {kind} named {name}; names: " +
            string.Join(", ", OfKind(kind).Select(o => o.Str("metadata.name"))));
        return match!;
    }
}

using System.Text.Json.Nodes;
using SecretInjector.Injection;

namespace SecretInjector.Tests.TestSupport;

/// <summary>The AdmissionReview fixtures of <c>shared/fixtures/admission</c>.</summary>
internal static class AdmissionFixtures
{
    public static IEnumerable<string> Names() =>
        Directory.GetFiles(RepoPaths.Fixture("admission"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static JsonObject Review(string name) =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("admission", name)))!.AsObject();

    public static AdmissionInput Input(JsonObject review)
    {
        var request = review["request"]!.AsObject();
        return new AdmissionInput(
            request["object"]!.DeepClone(),
            request["namespace"]!.GetValue<string>(),
            request["operation"]!.GetValue<string>(),
            request["resource"]!["resource"]!.GetValue<string>(),
            null,
            request["dryRun"]?.GetValue<bool>() ?? false);
    }

    public static string Text(string path) => File.ReadAllText(RepoPaths.Fixture(path));
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Operations;
using SecretInjector.Injection;

namespace SecretInjector.Manifests;

/// <summary>Applies the decision's JSON Patch to a JSON document as the API server would (RFC 6902).</summary>
public static class PatchApplier
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> in place; throws when an operation does not apply.</summary>
    public static void Apply(JsonNode target, IReadOnlyList<PatchOperation> patch)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        var document = new JsonPatchDocument();
        foreach (var op in patch)
            document.Operations.Add(new Operation(op.Op, op.Path, from: null, value: op.Value?.DeepClone()));
        document.ApplyTo(target);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using SecretInjector.Injection;

namespace SecretInjector.Manifests;

/// <summary>
/// Applies the webhook's decision to every pod and pod template of a YAML stream. Documents without a change
/// are written back as they were, byte for byte; changed documents are written anew as block YAML, keeping the
/// text (comments, document markers) between documents.
/// </summary>
public static class ManifestInjector
{
    /// <exception cref="ManifestException">The text is not YAML that can be read.</exception>
    public static InjectResult Inject(string text, string source, DecisionContext context, string defaultNamespace)
    {
        ArgumentNullException.ThrowIfNull(text);
        var documents = YamlReader.ReadAll(text);
        var errors = new List<string>();
        var warnings = new List<string>();
        var output = new StringBuilder();
        var injected = 0;
        var copied = 0;

        foreach (var document in documents)
        {
            var changed = false;
            foreach (var (pod, label, ns) in PodTemplates.Find(document.Root))
            {
                var where = $"{source}: document {document.Number} ({label})";
                var decision = InjectionDecider.Decide(AdmissionInput.PodCreate(pod, ns ?? defaultNamespace), context);
                warnings.AddRange(decision.Warnings.Select(w => $"{where}: {w}"));
                if (!decision.Allowed)
                {
                    errors.Add($"{where}: {decision.Message}");
                    continue;
                }

                if (decision.Reason == DecisionReasons.NamespaceNotEnabled)
                    warnings.Add($"{where}: the pod opts in, but namespace {ns ?? defaultNamespace} lacks the label {Annotations.NamespaceLabel}={Annotations.NamespaceLabelValue}, so it is left unchanged, as the webhook would leave it");
                if (decision.Patch.Count == 0)
                    continue;
                PatchApplier.Apply(pod, decision.Patch);
                DefaultVolumeSources(pod);
                changed = true;
                injected++;
            }

            output.Append(text, copied, document.Start - copied);
            if (changed)
                output.Append(Rewritten(text, document));
            else
                output.Append(text, document.Start, document.End - document.Start);
            copied = document.End;
        }

        output.Append(text, copied, text.Length - copied);
        return new InjectResult(output.ToString(), errors, warnings, injected);
    }

    /// <summary>
    /// A volume with only a name is an <c>emptyDir</c>: the API server fills that in when it stores the pod.
    /// A rewritten manifest says so, so that it is complete before it reaches a cluster.
    /// </summary>
    private static void DefaultVolumeSources(JsonObject pod)
    {
        var volumes = (pod["spec"] as JsonObject)?["volumes"] as JsonArray;
        foreach (var volume in volumes?.OfType<JsonObject>() ?? [])
        {
            if (volume.Count == 1 && volume.ContainsKey("name"))
                volume["emptyDir"] = new JsonObject();
        }
    }

    /// <summary>The document written anew, fitted where its old text stood.</summary>
    private static string Rewritten(string text, YamlDocumentSpan document)
    {
        var yaml = YamlWriter.Write(document.Root).TrimEnd('\n');
        var old = text.AsSpan(document.Start, document.End - document.Start);
        var trailing = old[old.TrimEnd().Length..].ToString();
        var lineStart = text.LastIndexOf('\n', Math.Max(0, document.Start - 1)) + 1;
        var startsMidLine = document.Start > lineStart && !string.IsNullOrWhiteSpace(text[lineStart..document.Start]);
        return (startsMidLine ? "\n" : "") + yaml + (trailing.Length > 0 ? trailing : "");
    }
}

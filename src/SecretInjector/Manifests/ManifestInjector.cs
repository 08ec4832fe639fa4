using System.Text;
using System.Text.Json.Nodes;
using SecretInjector.Injection;

namespace SecretInjector.Manifests;

/// <summary>
/// Applies the webhook's decision to every pod and pod template of a YAML stream. Documents without a change
/// are written back as they were, byte for byte; changed documents are written anew as block YAML (their own
/// comments, up to the next document marker, are dropped), keeping the document markers and what follows them.
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
            var templates = PodTemplates.Find(document.Root).ToList();
            if (templates.Count == 0 && PodTemplates.HoldsAnOptIn(document.Root))
            {
                var kind = PodView.Text(document.Root as JsonObject, "kind") ?? "(no kind)";
                warnings.Add($"{source}: document {document.Number} ({kind}): holds a pod template that opts in, but inject does not know where a {kind} keeps its pods; it is left unchanged and unchecked (the webhook still judges the pods when they are created)");
            }

            foreach (var (pod, label, ns) in templates)
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
            {
                output.Append(Rewritten(text, document));
                copied = NextMarkerLine(text, document.End);
            }
            else
            {
                output.Append(text, document.Start, document.End - document.Start);
                copied = document.End;
            }
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

    /// <summary>The document written anew, fitted where its old text stood, ending with a line break.</summary>
    private static string Rewritten(string text, YamlDocumentSpan document)
    {
        var yaml = YamlWriter.Write(document.Root).TrimEnd('\n');
        var lineStart = text.LastIndexOf('\n', Math.Max(0, document.Start - 1)) + 1;
        var startsMidLine = document.Start > lineStart && !string.IsNullOrWhiteSpace(text[lineStart..document.Start]);
        return (startsMidLine ? "\n" : "") + yaml + "\n";
    }

    /// <summary>
    /// Where the text after a rewritten document resumes: the next line that starts with a document marker
    /// (<c>---</c> or <c>...</c>), or the end. What lies before it (a comment after the last value, commented-out
    /// lines) belongs to the old document: kept, it would land on whatever line the new text ends with.
    /// </summary>
    private static int NextMarkerLine(string text, int from)
    {
        for (var line = text.IndexOf('\n', from); line >= 0; line = text.IndexOf('\n', line + 1))
        {
            var start = line + 1;
            if (IsMarker(text, start, "---") || IsMarker(text, start, "..."))
                return start;
        }

        return text.Length;
    }

    private static bool IsMarker(string text, int start, string marker) =>
        string.CompareOrdinal(text, start, marker, 0, 3) == 0
        && (start + 3 == text.Length || char.IsWhiteSpace(text[start + 3]));
}

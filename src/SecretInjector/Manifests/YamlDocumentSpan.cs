using System.Text.Json.Nodes;

namespace SecretInjector.Manifests;

/// <summary>One document of a YAML stream: its value as JSON and where its content lies in the text.</summary>
/// <param name="Number">1-based position of the document in the stream.</param>
/// <param name="Root">The document's value as JSON; null for an empty document.</param>
/// <param name="Start">Character index where the document's root node starts.</param>
/// <param name="End">Character index just after the document's root node.</param>
/// <param name="Line">1-based line of the root node.</param>
public sealed record YamlDocumentSpan(int Number, JsonNode? Root, int Start, int End, int Line);

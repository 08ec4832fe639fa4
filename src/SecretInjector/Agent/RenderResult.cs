namespace SecretInjector.Agent;

/// <summary>A secret turned into file content, or why it could not be (a code and a message naming no value).</summary>
public sealed record RenderResult(byte[]? Content, string? Code, string? Message)
{
    public static RenderResult Ok(byte[] content) => new(content, null, null);

    public static RenderResult Fail(string code, string message) => new(null, code, message);

    /// <summary>Never prints the content.</summary>
    public override string ToString() => Content is null ? $"RenderResult {{ {Code} }}" : "RenderResult { ok }";
}

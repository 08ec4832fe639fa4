namespace SecretInjector.Agent;

/// <summary>A file ready to be written: its name under the output directory and its exact bytes.</summary>
public sealed record RenderedFile(string Name, byte[] Content)
{
    /// <summary>Never prints the content.</summary>
    public override string ToString() => $"RenderedFile {{ Name = {Name}, Length = {Content.Length} }}";
}

using System.Runtime.Versioning;
using System.Text;
using SecretInjector.Agent;
using SecretInjector.Tests.TestSupport;
using Xunit;

namespace SecretInjector.Tests.Agent;

/// <summary>The kubelet-style layout. Modes are read from the files, since these tests run as root here.</summary>
[SupportedOSPlatform("linux")]
public sealed class AtomicSetWriterTests : IDisposable
{
    private const UnixFileMode ReadOnlyOwner = UnixFileMode.UserRead;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_FirstSet_CreatesDataLinkFileLinksAndModes()
    {
        var writer = Writer((UnixFileMode)0b100_100_000);

        writer.Write([File("a", "1"), File("b", "2")]);

        var current = writer.CurrentDirectory();
        Assert.NotNull(current);
        Assert.Equal(Path.Combine("..data", "a"), new FileInfo(_temp.File("a")).LinkTarget);
        Assert.Equal("2", System.IO.File.ReadAllText(_temp.File("b")));
        Assert.Equal((UnixFileMode)0b100_100_000, System.IO.File.GetUnixFileMode(Path.Combine(_temp.Path, current, "a")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_temp.Path, current), ".*"));
    }

    [Fact]
    public void Write_SecondSet_SwapsDataRemovesOldDirectoryAndDroppedNames()
    {
        var writer = Writer(ReadOnlyOwner);
        writer.Write([File("a", "1"), File("b", "2")]);
        var first = writer.CurrentDirectory()!;

        writer.Write([File("a", "one"), File("c", "3")]);

        Assert.NotEqual(first, writer.CurrentDirectory());
        Assert.False(Directory.Exists(_temp.File(first)));
        Assert.Equal("one", System.IO.File.ReadAllText(_temp.File("a")));
        Assert.False(System.IO.File.Exists(_temp.File("b")) || new FileInfo(_temp.File("b")).LinkTarget is not null);
        Assert.Equal("3", System.IO.File.ReadAllText(_temp.File("c")));
        Assert.Single(Directory.GetDirectories(_temp.Path, "..2*"));
    }

    [Fact]
    public void Write_InvalidName_ThrowsAndLeavesThePreviousSet()
    {
        var writer = Writer(ReadOnlyOwner);
        writer.Write([File("a", "1")]);
        var before = writer.CurrentDirectory();

        Assert.Throws<ArgumentException>(() => writer.Write([File("ok", "x"), File("../escape", "y")]));

        Assert.Equal(before, writer.CurrentDirectory());
        Assert.Equal("1", System.IO.File.ReadAllText(_temp.File("a")));
        Assert.False(System.IO.File.Exists(Path.Combine(_temp.Path, "..", "escape")));
    }

    [Fact]
    public void Write_StaleDirectoryFromACrashedRun_IsRemoved()
    {
        var stale = Directory.CreateDirectory(_temp.File("..2020_01_01_00_00_00.0000000.crashed"));
        System.IO.File.WriteAllText(Path.Combine(stale.FullName, "a"), "half");

        Writer(ReadOnlyOwner).Write([File("a", "whole")]);

        Assert.False(stale.Exists && Directory.Exists(stale.FullName));
        Assert.Equal("whole", System.IO.File.ReadAllText(_temp.File("a")));
    }

    [Fact]
    public void Write_CurrentDirectoryRemovedByHand_StillWritesTheNewSet()
    {
        var writer = Writer(ReadOnlyOwner);
        writer.Write([File("a", "1")]);
        Directory.Delete(_temp.File(writer.CurrentDirectory()!), recursive: true);

        writer.Write([File("a", "2")]);

        Assert.Equal("2", System.IO.File.ReadAllText(_temp.File("a")));
    }

    [Fact]
    public void ReadCurrent_AfterWrite_ReturnsTheSameFiles()
    {
        var writer = Writer(ReadOnlyOwner);
        writer.Write([File("a", "1"), File("b", "2")]);

        var files = writer.ReadCurrent()!;

        Assert.Equal(RefreshLoop.Hash([File("b", "2"), File("a", "1")]), RefreshLoop.Hash(files));
    }

    private AtomicSetWriter Writer(UnixFileMode mode) => new(_temp.Path, mode, TimeProvider.System);

    private static RenderedFile File(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));
}

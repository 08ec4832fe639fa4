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

    [Theory]
    [InlineData("directory")]
    [InlineData("file")]
    [InlineData("link")]
    public void Write_NameTakenByAnEntryNotOurs_RefusesBeforeAnythingVisibleChanges(string kind)
    {
        var writer = Writer(ReadOnlyOwner);
        writer.Write([File("a", "1")]);
        var before = writer.CurrentDirectory();
        var taken = _temp.File("b");
        PutEntry(kind, taken);

        var ex = Assert.Throws<SetWriteException>(() => writer.Write([File("a", "2"), File("b", "new")]));

        Assert.False(ex.Swapped);
        Assert.Contains(taken, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, writer.CurrentDirectory());
        Assert.Equal("1", System.IO.File.ReadAllText(_temp.File("a")));
        AssertEntryUntouched(kind, taken);
        Assert.Equal([before, "..data", "a", "b"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("file")]
    public void Write_FirstSetWithANameTaken_WritesNothing(string kind)
    {
        var writer = Writer(ReadOnlyOwner);
        var taken = _temp.File("b");
        PutEntry(kind, taken);

        Assert.Throws<SetWriteException>(() => writer.Write([File("a", "1"), File("b", "2")]));

        Assert.Null(writer.CurrentDirectory());
        AssertEntryUntouched(kind, taken);
        Assert.Equal(["b"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_UserFileWhereADroppedNameWas_IsKept()
    {
        var writer = Writer(ReadOnlyOwner);
        writer.Write([File("a", "1"), File("b", "2")]);
        System.IO.File.Delete(_temp.File("b"));
        System.IO.File.WriteAllText(_temp.File("b"), "mine");

        writer.Write([File("a", "one")]);

        Assert.Equal("mine", System.IO.File.ReadAllText(_temp.File("b")));
        Assert.Equal("one", System.IO.File.ReadAllText(_temp.File("a")));
    }

    [Fact]
    public void Write_DataNameTakenByADirectory_RefusesAndLeavesIt()
    {
        Directory.CreateDirectory(_temp.File("..data"));
        var writer = Writer(ReadOnlyOwner);

        var ex = Assert.Throws<SetWriteException>(() => writer.Write([File("a", "1")]));

        Assert.Contains("..data", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["..data"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName));
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
    public void Write_TemporaryLinkFromACrashedRun_IsRemovedAndAForeignOneKept()
    {
        System.IO.File.CreateSymbolicLink(_temp.File("..db.link_tmp"), Path.Combine("..data", "db"));
        System.IO.File.CreateSymbolicLink(_temp.File("..mine.link_tmp"), "/etc/hostname");

        Writer(ReadOnlyOwner).Write([File("a", "whole")]);

        Assert.False(System.IO.File.Exists(_temp.File("..db.link_tmp")) || new FileInfo(_temp.File("..db.link_tmp")).LinkTarget is not null);
        Assert.Equal("/etc/hostname", new FileInfo(_temp.File("..mine.link_tmp")).LinkTarget);
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

    /// <summary>Something of the user's at <paramref name="path"/>: a directory with a file, a file, or a link elsewhere.</summary>
    private static void PutEntry(string kind, string path)
    {
        switch (kind)
        {
            case "directory":
                Directory.CreateDirectory(path);
                System.IO.File.WriteAllText(Path.Combine(path, "keep"), "mine");
                break;
            case "file":
                System.IO.File.WriteAllText(path, "mine");
                break;
            default:
                System.IO.File.CreateSymbolicLink(path, "/etc/hostname");
                break;
        }
    }

    private static void AssertEntryUntouched(string kind, string path)
    {
        switch (kind)
        {
            case "directory":
                Assert.Equal("mine", System.IO.File.ReadAllText(Path.Combine(path, "keep")));
                break;
            case "file":
                Assert.Equal("mine", System.IO.File.ReadAllText(path));
                break;
            default:
                Assert.Equal("/etc/hostname", new FileInfo(path).LinkTarget);
                break;
        }
    }

    private static RenderedFile File(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));
}

using System.Security.Cryptography;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;

namespace AzSync.Core.Tests.Stores;

/// <summary>
/// Symbolic links inside a local destination lead outside it: listing, writing or deleting through them would
/// change files the sync was never given.
/// </summary>
public sealed class LocalStoreSymlinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-local-links-").FullName;
    private readonly LocalStore _store;

    public LocalStoreSymlinkTests()
    {
        Directory.CreateDirectory(Dest);
        Directory.CreateDirectory(Precious);
        File.WriteAllText(Path.Combine(Precious, "important.doc"), "keep");
        Directory.CreateSymbolicLink(Path.Combine(Dest, "linked"), "../precious");
        File.CreateSymbolicLink(Path.Combine(Dest, "file-link.txt"), "../precious/important.doc");
        _store = new LocalStore(Dest);
    }

    private string Dest => Path.Combine(_dir, "dest");
    private string Precious => Path.Combine(_dir, "precious");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private StoreWrite Write(string path, string content)
    {
        var source = Path.Combine(_dir, "source-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(source, content);
        var bytes = File.ReadAllBytes(source);
        return new StoreWrite(path, new LocalFile(source, bytes.Length, MD5.HashData(bytes)), new ContentHeaders(null),
            null, false);
    }

    private async Task<List<string>> ListedPaths(string prefix = "")
    {
        var list = new List<string>();
        await foreach (var e in _store.ListAsync(prefix, default)) list.Add(e.Path);
        return list;
    }

    [Fact]
    public async Task Listing_does_not_descend_into_a_linked_folder_or_list_a_linked_file()
    {
        await _store.WriteAsync(Write("real/own.txt", "own"), default);

        Assert.Equal(["real/own.txt"], await ListedPaths());
        Assert.Empty(await ListedPaths("linked/"));
    }

    [Fact]
    public async Task A_write_through_a_linked_folder_fails_naming_the_link_and_writes_nothing_there()
    {
        var e = await Assert.ThrowsAsync<StoreException>(
            () => _store.WriteAsync(Write("linked/sub/new.txt", "new"), default));

        Assert.Equal("'linked' in the destination is a symbolic link; azsync does not write through links.", e.Message);
        Assert.False(e.IsTransient);
        Assert.Equal(["important.doc"], Directory.GetFileSystemEntries(Precious).Select(Path.GetFileName));
        await _store.WriteAsync(Write("other.txt", "still works"), default);
        Assert.Equal("still works", File.ReadAllText(Path.Combine(Dest, "other.txt")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_write_over_a_linked_file_fails_with_the_link_message_and_keeps_the_link(bool force)
    {
        var e = await Assert.ThrowsAsync<StoreException>(
            () => _store.WriteAsync(Write("file-link.txt", "new") with { Force = force }, default));

        Assert.Contains("'file-link.txt' in the destination is a symbolic link", e.Message);
        Assert.NotNull(new FileInfo(Path.Combine(Dest, "file-link.txt")).LinkTarget);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(Precious, "important.doc")));
    }

    [Theory]
    [InlineData("linked/important.doc")]
    [InlineData("file-link.txt")]
    public async Task A_delete_never_goes_through_or_removes_a_link(string path)
    {
        var entry = new StoreEntry(path, 4, MD5.HashData("keep"u8.ToArray()), "any");

        await Assert.ThrowsAsync<StoreException>(() => _store.DeleteAsync(entry, force: true, default));

        Assert.Equal("keep", File.ReadAllText(Path.Combine(Precious, "important.doc")));
        Assert.NotNull(new FileInfo(Path.Combine(Dest, "linked")).LinkTarget);
        Assert.NotNull(new FileInfo(Path.Combine(Dest, "file-link.txt")).LinkTarget);
    }
}

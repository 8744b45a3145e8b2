using System.Security.Cryptography;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;

namespace AzSync.Core.Tests.Stores;

public sealed class LocalStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-local-").FullName;
    private string Dest => Path.Combine(_dir, "dest");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LocalFile Source(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return new LocalFile(path, content.Length, MD5.HashData(content));
    }

    private static async Task<List<StoreEntry>> ListAsync(IStore store)
    {
        var list = new List<StoreEntry>();
        await foreach (var e in store.ListAsync("", default)) list.Add(e);
        return list;
    }

    [Fact]
    public async Task The_index_is_trusted_only_while_the_destination_file_keeps_its_size_and_time()
    {
        var store = new LocalStore(Dest);
        await store.PrepareAsync(false, default);
        await store.WriteAsync(
            new StoreWrite("a.txt", Source("a", "aaaa"u8.ToArray()), new ContentHeaders(null), null, false), default);
        await store.CompleteAsync(default);
        Assert.True(File.Exists(Path.Combine(Dest, ".azsync-index.json")));

        // Same size, new content, new time: a fresh store must re-hash rather than trust the index.
        var target = Path.Combine(Dest, "a.txt");
        File.WriteAllBytes(target, "bbbb"u8.ToArray());
        File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddMinutes(-5));
        var entry = Assert.Single(await ListAsync(new LocalStore(Dest)));
        Assert.Equal(MD5.HashData("bbbb"u8.ToArray()), entry.ContentMd5);
    }

    [Fact]
    public async Task The_index_is_written_sorted_by_path_with_base64_MD5s_and_read_back_by_a_later_run()
    {
        var store = new LocalStore(Dest);
        await store.PrepareAsync(false, default);
        foreach (var name in new[] { "b.txt", "a/z.txt", "A.txt" })
            await store.WriteAsync(new StoreWrite(name, Source(name.Replace('/', '-'), "x"u8.ToArray()),
                new ContentHeaders(null), null, false), default);
        await store.CompleteAsync(default);

        using var index = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(Path.Combine(Dest, ".azsync-index.json")));
        var entries = index.RootElement.EnumerateObject().ToList();
        Assert.Equal(["A.txt", "a/z.txt", "b.txt"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(Convert.ToBase64String(MD5.HashData("x"u8.ToArray())),
            e.Value.GetProperty("Md5").GetString()));
        // A later run trusts it: the file is not read again (its content no longer matches, its size and time do).
        var target = Path.Combine(Dest, "b.txt");
        var time = File.GetLastWriteTimeUtc(target);
        File.WriteAllBytes(target, "y"u8.ToArray());
        File.SetLastWriteTimeUtc(target, time);
        var listed = (await ListAsync(new LocalStore(Dest))).Single(e => e.Path == "b.txt");
        Assert.Equal(MD5.HashData("x"u8.ToArray()), listed.ContentMd5);
    }

    [Fact]
    public async Task A_write_after_a_listing_that_found_the_index_complete_keeps_every_entry_in_it()
    {
        var first = new LocalStore(Dest);
        await first.PrepareAsync(false, default);
        foreach (var name in new[] { "a.txt", "b/c.txt" })
            await first.WriteAsync(new StoreWrite(name, Source(name.Replace('/', '-'), "x"u8.ToArray()),
                new ContentHeaders(null), null, false), default);
        await first.CompleteAsync(default);

        // The listing vouches for both files from the index and hands out the index's own path strings; with
        // nothing to save the index is let go, and the write after it reads the file again rather than start empty.
        var store = new LocalStore(Dest);
        await store.PrepareAsync(false, default);
        Assert.Equal(["a.txt", "b/c.txt"], (await ListAsync(store)).Select(e => e.Path).Order(StringComparer.Ordinal));
        await store.WriteAsync(new StoreWrite("d.txt", Source("d", "d"u8.ToArray()), new ContentHeaders(null), null,
            false), default);
        await store.CompleteAsync(default);

        using var index = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(Path.Combine(Dest, ".azsync-index.json")));
        Assert.Equal(["a.txt", "b/c.txt", "d.txt"], index.RootElement.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task An_index_entry_whose_MD5_is_not_base64_costs_a_rehash_not_the_run()
    {
        Directory.CreateDirectory(Dest);
        var target = Path.Combine(Dest, "a.txt");
        File.WriteAllBytes(target, "aaaa"u8.ToArray());
        var ticks = File.GetLastWriteTimeUtc(target).Ticks;
        File.WriteAllText(Path.Combine(Dest, ".azsync-index.json"),
            "{\"a.txt\":{\"Size\":4,\"Ticks\":" + ticks + ",\"Md5\":\"not base64!\"}}");

        var entry = Assert.Single(await ListAsync(new LocalStore(Dest)));
        Assert.Equal(MD5.HashData("aaaa"u8.ToArray()), entry.ContentMd5);
    }

    [Fact]
    public async Task A_write_of_a_source_edited_since_hashing_fails_and_leaves_the_old_file()
    {
        var store = new LocalStore(Dest);
        await store.PrepareAsync(false, default);
        var first = Source("s", "old"u8.ToArray());
        await store.WriteAsync(new StoreWrite("f.txt", first, new ContentHeaders(null), null, false), default);
        var listed = Assert.Single(await ListAsync(store));

        var stale = Source("s", "new!"u8.ToArray()) with { Md5 = MD5.HashData("other"u8.ToArray()) };
        var e = await Assert.ThrowsAsync<StoreException>(
            () => store.WriteAsync(new StoreWrite("f.txt", stale, new ContentHeaders(null), listed, false), default));
        Assert.Contains("changed while", e.Message);
        Assert.Equal("old", File.ReadAllText(Path.Combine(Dest, "f.txt")));
        Assert.DoesNotContain(Directory.GetFiles(Dest),
            f => Path.GetFileName(f).StartsWith(".azsync-tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stale_temporary_files_are_not_listed_and_are_cleaned_up()
    {
        Directory.CreateDirectory(Dest);
        var fresh = Path.Combine(Dest, ".azsync-tmp-abc-x.bin");
        var stale = Path.Combine(Dest, ".azsync-tmp-def-y.bin");
        File.WriteAllText(fresh, "partial");
        File.WriteAllText(stale, "partial");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));

        Assert.Empty(await ListAsync(new LocalStore(Dest)));
        Assert.True(File.Exists(fresh));   // may belong to a run still going
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void Paths_that_leave_the_folder_or_use_reserved_names_are_refused()
    {
        var store = new LocalStore(Dest);
        Assert.NotNull(store.CheckName("a/../b"));
        Assert.NotNull(store.CheckName(".azsync-index.json"));
        Assert.NotNull(store.CheckName("x/.azsync-tmp-1"));
        Assert.Null(store.CheckName("ok/name with spaces #1.txt"));
    }
}

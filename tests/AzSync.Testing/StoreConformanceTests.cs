using System.Security.Cryptography;
using System.Text;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;

namespace AzSync.Testing;

/// <summary>
/// One suite every store passes (as rclone's fstests): the planner and transfer engine rely on exactly these
/// behaviours and nothing store-specific. A store's own test class says how to make a fresh, empty one and what
/// its features should be. Facts about a feature a store lacks are reported as skipped (Xunit.SkippableFact), and
/// <see cref="The_store_declares_the_features_it_has"/> proves the feature each such fact read is the right one.
/// </summary>
public abstract class StoreConformanceTests : IDisposable
{
    private readonly string _sources = Directory.CreateTempSubdirectory("azsync-conformance-").FullName;

    /// <summary>A store over a fresh, empty destination that exists.</summary>
    protected abstract Task<IStore> CreateStoreAsync();

    /// <summary>A store whose destination does not exist (a missing container, share or folder).</summary>
    protected abstract Task<IStore> CreateStoreOverMissingDestinationAsync();

    /// <summary>Whether the destination matches names without case,
    /// as the test knows it (not as the store says).</summary>
    protected abstract bool NamesMatchWithoutCase { get; }

    public void Dispose()
    {
        Directory.Delete(_sources, recursive: true);
        GC.SuppressFinalize(this);
    }

    private LocalFile Source(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var path = Path.Combine(_sources, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return new LocalFile(path, bytes.Length, MD5.HashData(bytes));
    }

    private static readonly ContentHeaders Headers = new("text/plain; charset=utf-8", "max-age=60", null, "inline");

    private static Task<Dictionary<string, StoreEntry>> ListAsync(IStore store, string prefix = "") =>
        StoreTestKit.ListAsync(store, prefix);

    private static async Task<string> ReadAsync(IStore store, string path) =>
        Encoding.UTF8.GetString(await StoreTestKit.ReadAsync(store, path));

    private async Task<IStore> PreparedAsync()
    {
        var store = await CreateStoreAsync();
        await store.PrepareAsync(createIfMissing: true, default);
        return store;
    }

    [Fact]
    public async Task A_new_destination_lists_nothing()
    {
        await using var store = await PreparedAsync();
        Assert.Empty(await ListAsync(store));
    }

    [Fact]
    public async Task A_written_file_lists_with_its_size_and_md5_and_reads_back()
    {
        await using var store = await PreparedAsync();
        var source = Source("hello conformance");
        await store.WriteAsync(new StoreWrite("dir/sub/hello.txt", source, Headers, null, false), default);
        var entry = Assert.Single(await ListAsync(store)).Value;
        Assert.Equal("dir/sub/hello.txt", entry.Path);
        Assert.Equal(source.Size, entry.Size);
        Assert.Equal(source.Md5, entry.ContentMd5);
        // A listing that tells headers (Blob's) must tell the ones written; Files keeps headers it does not list,
        // which the parity suite reads back through the SDK.
        if (entry.Headers is { } listed) Assert.Equal(Headers, listed);
        Assert.Equal("hello conformance", await ReadAsync(store, "dir/sub/hello.txt"));
    }

    [Fact]
    public async Task A_replacement_changes_the_content_and_the_listing()
    {
        await using var store = await PreparedAsync();
        await store.WriteAsync(new StoreWrite("a.txt", Source("one"), Headers, null, false), default);
        var listed = (await ListAsync(store))["a.txt"];
        var second = Source("two, longer");
        await store.WriteAsync(new StoreWrite("a.txt", second, Headers, listed, false), default);
        var entry = (await ListAsync(store))["a.txt"];
        Assert.Equal(second.Size, entry.Size);
        Assert.Equal("two, longer", await ReadAsync(store, "a.txt"));
    }

    [Fact]
    public async Task Writing_a_new_file_over_one_that_appeared_is_a_conflict_unless_forced()
    {
        await using var store = await PreparedAsync();
        await store.WriteAsync(new StoreWrite("x.txt", Source("theirs"), Headers, null, false), default);
        var e = await Assert.ThrowsAsync<StoreException>(
            () => store.WriteAsync(new StoreWrite("x.txt", Source("ours"), Headers, null, false), default));
        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Equal("theirs", await ReadAsync(store, "x.txt"));
        await store.WriteAsync(new StoreWrite("x.txt", Source("ours"), Headers, null, Force: true), default);
        Assert.Equal("ours", await ReadAsync(store, "x.txt"));
    }

    [Fact]
    public async Task Replacing_a_file_changed_since_listing_is_a_conflict()
    {
        await using var store = await PreparedAsync();
        await store.WriteAsync(new StoreWrite("y.txt", Source("v1"), Headers, null, false), default);
        var stale = (await ListAsync(store))["y.txt"];
        await store.WriteAsync(new StoreWrite("y.txt", Source("v2 by someone else"), Headers, stale, false), default);
        var e = await Assert.ThrowsAsync<StoreException>(
            () => store.WriteAsync(new StoreWrite("y.txt", Source("v3"), Headers, stale, false), default));
        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Equal("v2 by someone else", await ReadAsync(store, "y.txt"));
    }

    [Fact]
    public async Task The_store_declares_the_features_it_has()
    {
        await using var store = await PreparedAsync();
        Assert.Equal(new StoreFeatures(CaseInsensitiveNames: NamesMatchWithoutCase), store.Features);
    }

    [SkippableFact]
    public async Task Where_names_match_without_case_another_spelling_is_the_same_file()
    {
        await using var store = await PreparedAsync();
        Skip.IfNot(store.Features.CaseInsensitiveNames, "names keep case here: see Names_differing_only_in_case_…");
        await store.WriteAsync(new StoreWrite("Docs/Index.html", Source("first"), Headers, null, false), default);
        var e = await Assert.ThrowsAsync<StoreException>(() =>
            store.WriteAsync(new StoreWrite("docs/index.html", Source("it exists"), Headers, null, false), default));
        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        var listed = Assert.Single(await ListAsync(store, "docs/")).Value;
        Assert.Equal("docs/index.html", listed.Path, StringComparer.OrdinalIgnoreCase);
        await store.WriteAsync(new StoreWrite("docs/index.html", Source("second"), Headers, listed, false), default);
        var entry = Assert.Single(await ListAsync(store)).Value;
        Assert.Equal("second", await ReadAsync(store, entry.Path));
    }

    [SkippableFact]
    public async Task Names_differing_only_in_case_are_two_files_elsewhere()
    {
        await using var store = await PreparedAsync();
        Skip.If(store.Features.CaseInsensitiveNames,
            "names match without case here: see Where_names_match_without_case_…");
        await store.WriteAsync(new StoreWrite("Index.html", Source("upper"), Headers, null, false), default);
        await store.WriteAsync(new StoreWrite("index.html", Source("lower"), Headers, null, false), default);
        Assert.Equal(["Index.html", "index.html"], (await ListAsync(store)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("upper", await ReadAsync(store, "Index.html"));
    }

    [Fact]
    public async Task Deleting_a_file_changed_since_listing_is_a_conflict_unless_forced()
    {
        await using var store = await PreparedAsync();
        await store.WriteAsync(new StoreWrite("z.txt", Source("v1"), Headers, null, false), default);
        var stale = (await ListAsync(store))["z.txt"];
        await store.WriteAsync(new StoreWrite("z.txt", Source("v2 by someone else"), Headers, stale, false), default);
        var e = await Assert.ThrowsAsync<StoreException>(() => store.DeleteAsync(stale, force: false, default));
        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Equal("v2 by someone else", await ReadAsync(store, "z.txt"));
        await store.DeleteAsync(stale, force: true, default);
        await store.CompleteAsync(default);
        Assert.Empty(await ListAsync(store));
    }

    [Fact]
    public async Task A_file_replaced_by_a_folder_and_back()
    {
        // The engine's order: the delete of what stands in the way first, then the write.
        await using var store = await PreparedAsync();
        await store.WriteAsync(new StoreWrite("swap", Source("a file"), Headers, null, false), default);
        await store.DeleteAsync((await ListAsync(store))["swap"], force: false, default);
        await store.WriteAsync(new StoreWrite("swap/inner.txt", Source("now a folder"), Headers, null, false), default);
        Assert.Equal(["swap/inner.txt"], (await ListAsync(store)).Keys);
        Assert.Equal("now a folder", await ReadAsync(store, "swap/inner.txt"));

        await store.DeleteAsync((await ListAsync(store))["swap/inner.txt"], force: false, default);
        await store.WriteAsync(new StoreWrite("swap", Source("a file again"), Headers, null, false), default);
        await store.CompleteAsync(default);
        Assert.Equal(["swap"], (await ListAsync(store)).Keys);
        Assert.Equal("a file again", await ReadAsync(store, "swap"));
    }

    [Fact]
    public async Task Delete_removes_the_entry()
    {
        await using var store = await PreparedAsync();
        await store.WriteAsync(new StoreWrite("d/gone.txt", Source("bye"), Headers, null, false), default);
        await store.WriteAsync(new StoreWrite("d/kept.txt", Source("stay"), Headers, null, false), default);
        var entries = await ListAsync(store);
        await store.DeleteAsync(entries["d/gone.txt"], force: false, default);
        await store.CompleteAsync(default);
        Assert.Equal(["d/kept.txt"], (await ListAsync(store)).Keys);
    }

    [Fact]
    public async Task A_prefix_lists_only_what_is_under_it()
    {
        await using var store = await PreparedAsync();
        foreach (var path in new[] { "docs/a.txt", "docs/api/b.txt", "docs2/c.txt", "root.txt" })
            await store.WriteAsync(new StoreWrite(path, Source(path), Headers, null, false), default);
        Assert.Equal(["docs/a.txt", "docs/api/b.txt"],
            (await ListAsync(store, "docs/")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(4, (await ListAsync(store)).Count);
    }

    [Fact]
    public async Task Disjoint_prefixes_listed_at_the_same_time_each_see_exactly_their_own_files()
    {
        await using var store = await PreparedAsync();
        string[] prefixes = ["a/", "b/", "c/x/", "d/"];
        var written = prefixes.SelectMany(p => Enumerable.Range(0, 3).Select(i => $"{p}sub{i % 2}/f{i}.txt")).ToList();
        foreach (var path in written)
            await store.WriteAsync(new StoreWrite(path, Source(path), Headers, null, false), default);
        var listings = await Task.WhenAll(prefixes.Select(p => Task.Run(() => ListAsync(store, p))));
        for (var i = 0; i < prefixes.Length; i++)
            Assert.Equal(written.Where(w => w.StartsWith(prefixes[i], StringComparison.Ordinal))
                .Order(StringComparer.Ordinal),
                listings[i].Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Names_with_spaces_and_unicode_round_trip()
    {
        await using var store = await PreparedAsync();
        string[] names = ["with space/file name.txt", "ünïcødé/日本語.txt", "emoji 🎉.txt", "hash#percent%plus+semi;.txt"];
        foreach (var name in names)
        {
            if (store.CheckName(name) is { } reason) Assert.Fail($"{name}: {reason}");
            await store.WriteAsync(new StoreWrite(name, Source(name), Headers, null, false), default);
        }
        var listed = await ListAsync(store);
        Assert.Equal(names.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        foreach (var name in names) Assert.Equal(name, await ReadAsync(store, name));
    }

    [Fact]
    public async Task Listing_a_missing_destination_fails_rather_than_looking_empty()
    {
        await using var store = await CreateStoreOverMissingDestinationAsync();
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await store.PrepareAsync(createIfMissing: false, default);
            await ListAsync(store);
        });
        Assert.IsType<StoreException>(e);
    }
}

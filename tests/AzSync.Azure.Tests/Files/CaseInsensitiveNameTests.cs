using System.Security.Cryptography;
using System.Text;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

/// <summary>Azure Files matches names without case and keeps the
/// spelling it was given; the store must live with both.</summary>
public sealed class CaseInsensitiveNameTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>,
    IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-files-case-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private StoreWrite Write(string path, string content, StoreEntry? existing = null) =>
        new(path, StoreTestKit.Source(_dir, Guid.NewGuid().ToString("N"), Encoding.UTF8.GetBytes(content)),
            new ContentHeaders("text/html"), existing, false);

    private async Task<(string Share, StoreEntry Listed)> ShareWithAsync(string path, string content)
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        var store = await FilesSupport.NewStoreAsync(emulator, share);
        await store.WriteAsync(Write(path, content), default);
        await store.CompleteAsync(default);
        return (share, Assert.Single(
            await StoreTestKit.ListAsync(await FilesSupport.NewStoreAsync(emulator, share, create: false))).Value);
    }

    [Fact]
    public async Task The_store_says_its_names_are_case_insensitive() =>
        Assert.True((await FilesSupport.NewStoreAsync(emulator, create: false)).Features.CaseInsensitiveNames);

    [Fact]
    public async Task Replacing_an_entry_listed_in_another_case_takes_the_new_spelling_and_content()
    {
        var (share, listed) = await ShareWithAsync("Index.html", "old page");
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false);
        await StoreTestKit.ListAsync(store);

        await store.WriteAsync(Write("index.html", "new page", listed), default);
        await store.CompleteAsync(default);

        var after = await StoreTestKit.ListAsync(await FilesSupport.NewStoreAsync(emulator, share, create: false));
        var entry = Assert.Single(after).Value;
        Assert.Equal("index.html", entry.Path);
        Assert.Equal(MD5.HashData("new page"u8), entry.ContentMd5);
    }

    [Fact]
    public async Task Replacing_an_entry_listed_in_another_case_still_checks_its_etag_under_the_lease()
    {
        var (share, listed) = await ShareWithAsync("Index.html", "old page");
        var raw = FilesSupport.RawFile(emulator, share, "site/Index.html");
        await FilesSupport.UploadAsync(raw, "someone else's"u8.ToArray(),
            new global::Azure.Storage.Files.Shares.Models.ShareFileHttpHeaders
            {
                ContentHash = MD5.HashData("someone else's"u8),
            });

        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false);
        var e = await Assert.ThrowsAsync<StoreException>(
            () => store.WriteAsync(Write("index.html", "new page", listed), default));

        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Equal(MD5.HashData("someone else's"u8), (await raw.GetPropertiesAsync()).Value.ContentHash);
    }

    [Fact]
    public async Task A_target_spelled_differently_lists_the_shares_directory_under_the_targets_spelling()
    {
        // The walk starts at the target as given, so the planner sees the target's spelling, never a second directory.
        var (share, _) = await ShareWithAsync("Docs/guide.txt", "g");
        var listed =
            await StoreTestKit.ListAsync(await FilesSupport.NewStoreAsync(emulator, share, create: false), "docs/");
        Assert.Equal(["docs/guide.txt"], listed.Keys);
    }

    [Fact]
    public async Task A_file_written_under_a_directory_spelled_differently_lands_in_the_existing_directory()
    {
        var (share, _) = await ShareWithAsync("Dir/x", "x");
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false);
        await StoreTestKit.ListAsync(store);
        await store.WriteAsync(Write("dir/y", "y"), default);
        await store.CompleteAsync(default);

        var after = await StoreTestKit.ListAsync(await FilesSupport.NewStoreAsync(emulator, share, create: false));
        Assert.Equal(["Dir/x", "Dir/y"], after.Keys.Order(StringComparer.Ordinal));
        Assert.All(after.Values, v => Assert.NotNull(v.ContentMd5));
    }
}

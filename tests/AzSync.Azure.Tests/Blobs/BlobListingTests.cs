using AzSync.Azure.Blobs;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Blobs;

/// <summary>The existence check is the listing's first page: what that page may serve and what it may not.</summary>
[Trait("Needs", "azurite"), Trait("Needs", "node")]
public sealed class BlobListingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-blob-list-").FullName;
    private static readonly ContentHeaders Headers = new("text/plain");
    private static readonly string[] Names = ["a/1.txt", "a/2.txt", "a/3.txt", "b/4.txt", "b/5.txt"];

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>A container holding <see cref="Names"/>, and a store over it that has not been prepared.</summary>
    private async Task<(BlobStore Store, RequestCounter Counter)> FilledAsync(BlobStoreOptions? options = null)
    {
        var container = "c" + Guid.NewGuid().ToString("N")[..12];
        var (writer, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, container);
        foreach (var name in Names)
            await writer.WriteAsync(new StoreWrite(name, StoreTestKit.Source(_dir, name.Replace('/', '-'),
                System.Text.Encoding.UTF8.GetBytes(name)), Headers, null, false), default);
        return await BlobTestSupport.NewStoreAsync(azurite.Server, container, options: options, create: false);
    }

    [Fact]
    public async Task Preparing_and_listing_a_container_of_one_page_is_one_list_request()
    {
        var (store, counter) = await FilledAsync();
        await store.PrepareAsync(createIfMissing: false, default);
        Assert.Equal(Names, (await StoreTestKit.ListAsync(store, "")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, counter.Count("GET", "comp=list"));
    }

    [Fact]
    public async Task Listings_of_several_targets_get_exactly_their_blobs_whether_or_not_one_page_held_them_all()
    {
        foreach (var pageSize in new[] { 5000, 2 })
        {
            var (store, _) = await FilledAsync(new BlobStoreOptions { PageSize = pageSize });
            await store.PrepareAsync(createIfMissing: false, default);
            Assert.Equal(Names[..3], (await StoreTestKit.ListAsync(store, "a/")).Keys.Order(StringComparer.Ordinal));
            Assert.Equal(Names[3..], (await StoreTestKit.ListAsync(store, "b/")).Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_delete_after_prepare_is_seen_by_the_listing_that_follows()
    {
        var (store, _) = await FilledAsync();
        await store.PrepareAsync(createIfMissing: false, default);
        await store.DeleteAsync(new StoreEntry("b/5.txt", 0, null), force: true, default);
        Assert.Equal(Names[..4], (await StoreTestKit.ListAsync(store, "")).Keys.Order(StringComparer.Ordinal));
    }
}

using System.Security.Cryptography;
using Azure.Core;
using AzSync.Azure.Blobs;
using AzSync.Core.Stores;
using AzSync.Azure.Tests.Rest;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Blobs;

/// <summary>
/// The connection drops after the service applied a conditional write: the pipeline retries, and the retry fails its
/// own precondition. That must count as success when the blob holds our bytes, and stay a conflict when it does not.
/// </summary>
[Trait("Needs", "azurite")]
public sealed class LostResponseTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-lost-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static bool IsCommit(HttpMessage m) =>
        m.Request.Method == RequestMethod.Put && !m.Request.Uri.Query.Contains("restype=container")
        && (m.Request.Uri.Query.Contains("comp=blocklist") || !m.Request.Uri.Query.Contains("comp="));

    private async Task<(BlobStore Store, LoseFirstResponse Policy)> StoreAsync(Action? afterApplied = null)
    {
        var policy = new LoseFirstResponse(IsCommit, afterApplied);
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server,
            options: new BlobStoreOptions { PutBlobThreshold = 1 << 20, Client = policy.BlobOptions() });
        return (store, policy);
    }

    [Theory]
    [InlineData(1000)]           // Put Blob with If-None-Match: *
    [InlineData(3 << 20)]        // Put Block List with If-None-Match: *
    public async Task A_new_file_whose_create_was_answered_into_the_void_is_uploaded_not_a_conflict(int size)
    {
        var (store, policy) = await StoreAsync();
        var content = RandomNumberGenerator.GetBytes(size);

        await store.WriteAsync(new StoreWrite("f.bin", StoreTestKit.Source(_dir, "f", content),
            new ContentHeaders(null), null, false), default);

        Assert.Equal(1, policy.Lost);
        Assert.Equal(content, await StoreTestKit.ReadAsync(store, "f.bin"));
    }

    [Fact]
    public async Task A_replacement_retried_after_another_writer_changed_the_blob_is_still_a_conflict()
    {
        BlobStore? store = null;
        var theirs = RandomNumberGenerator.GetBytes(500);
        var (s, _) = await StoreAsync(afterApplied: () =>
            // Someone else overwrites the blob between our lost answer and the retry.
            store!.WriteAsync(new StoreWrite("f.bin", StoreTestKit.Source(_dir, "theirs", theirs),
                new ContentHeaders(null), null, true), default).GetAwaiter().GetResult());
        store = s;
        var ours = RandomNumberGenerator.GetBytes(700);

        var e = await Assert.ThrowsAsync<StoreException>(() =>
            store.WriteAsync(new StoreWrite("f.bin", StoreTestKit.Source(_dir, "ours", ours), new ContentHeaders(null),
                null, false), default));

        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Equal(theirs, await StoreTestKit.ReadAsync(store, "f.bin"));
    }
}

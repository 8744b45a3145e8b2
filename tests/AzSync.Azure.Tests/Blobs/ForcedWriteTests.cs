using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using AzSync.Azure.Blobs;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Blobs;

/// <summary>--force writes without preconditions, so a blob
/// replaced mid-write must not turn reuse into failure.</summary>
[Trait("Needs", "azurite")]
public sealed class ForcedWriteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-forced-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Runs an action just before the first request that matches is sent.</summary>
    private sealed class BeforeFirst(Func<HttpMessage, bool> matches, Action action) : HttpPipelineSynchronousPolicy
    {
        private int _done;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (matches(message) && Interlocked.Exchange(ref _done, 1) == 0) action();
        }
    }

    [Fact]
    public async Task A_forced_block_write_whose_reusable_blocks_vanished_sends_them_all()
    {
        var options = new BlobStoreOptions { PutBlobThreshold = 1 << 20 };
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, options: options);
        var v1 = RandomNumberGenerator.GetBytes(3 << 20);
        await store.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(_dir, "v1", v1), new ContentHeaders(null),
            null, false), default);
        var listed = (await StoreTestKit.ListAsync(store))["big.bin"];

        // Another writer replaces the blob in one Put Blob (no blocks) after we read its block list.
        var container = store.DisplayName.Split('/')[^1];
        var (other, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, container, create: false);
        var client = SdkClientOptions.ForBlobs();
        client.AddPolicy(new BeforeFirst(m => m.Request.Uri.Query.Contains("comp=blocklist")
            && m.Request.Method == RequestMethod.Put,
            () => other.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(_dir, "theirs", "small"u8.ToArray()),
                new ContentHeaders(null), null, true),
                default).GetAwaiter().GetResult()), HttpPipelinePosition.PerCall);
        var (forced, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, container,
            options: options with { Client = client }, create: false);

        var v2 = (byte[])v1.Clone();
        v2[100] ^= 1;
        var result = await forced.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(_dir, "v2", v2),
            new ContentHeaders(null), listed, true), default);

        Assert.Equal(v2, await StoreTestKit.ReadAsync(forced, "big.bin"));
        Assert.True(result.BytesSent >= v2.Length,
            $"every block must travel again once the old ones are gone (sent {result.BytesSent})");
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using AzSync.Azure.Blobs;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Blobs;

/// <summary>What the SDK sends for us, header by header, and what a delete conflict says.</summary>
[Trait("Needs", "azurite")]
public sealed class BlobWireTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-blob-wire-").FullName;
    private static readonly ContentHeaders Headers = new("text/html", "max-age=60", "gzip", "inline");

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Every PUT's query and the headers it carried, as they left the pipeline.</summary>
    private sealed class PutRecorder : HttpPipelineSynchronousPolicy
    {
        public ConcurrentQueue<(string Query, Dictionary<string, string> Headers)> Puts { get; } = new();

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Put) return;
            Puts.Enqueue((message.Request.Uri.Query,
                message.Request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase)));
        }
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(3 << 20)]
    public async Task Every_upload_carries_its_md5_and_every_content_header_and_the_pinned_version(int size)
    {
        var recorder = new PutRecorder();
        var client = SdkClientOptions.ForBlobs();
        client.AddPolicy(recorder, HttpPipelinePosition.PerRetry);
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server,
            options: new BlobStoreOptions { PutBlobThreshold = 1 << 20, Client = client });
        var content = RandomNumberGenerator.GetBytes(size);
        var md5 = Convert.ToBase64String(MD5.HashData(content));

        await store.WriteAsync(new StoreWrite("f.bin", StoreTestKit.Source(_dir, "f", content), Headers, null, false),
            default);

        var puts = recorder.Puts.Where(p => !p.Query.Contains("restype=container", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(puts);
        Assert.All(puts, p => Assert.Equal(SdkClientOptions.ServiceVersion, p.Headers["x-ms-version"]));
        // Put Blob, or each Put Block: Content-MD5 of the body, so the service refuses damaged bytes.
        Assert.All(puts.Where(p => !p.Query.Contains("comp=blocklist", StringComparison.Ordinal)),
            p => Assert.True(p.Headers.ContainsKey("Content-MD5")));
        var commit = puts.Last();
        Assert.Equal(md5, commit.Headers["x-ms-blob-content-md5"]);
        Assert.Equal("*", commit.Headers["If-None-Match"]);
        Assert.Equal(("text/html", "max-age=60", "gzip", "inline"),
            (commit.Headers["x-ms-blob-content-type"], commit.Headers["x-ms-blob-cache-control"],
            commit.Headers["x-ms-blob-content-encoding"], commit.Headers["x-ms-blob-content-disposition"]));
    }

    [Fact]
    public async Task A_delete_of_a_blob_changed_since_listing_is_a_conflict_that_says_not_deleted()
    {
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server);
        await store.WriteAsync(
            new StoreWrite("x.txt", StoreTestKit.Source(_dir, "x1", "one"u8.ToArray()), Headers, null, false), default);
        var listed = (await StoreTestKit.ListAsync(store))["x.txt"];
        await store.WriteAsync(new StoreWrite("x.txt", StoreTestKit.Source(_dir, "x2", "two"u8.ToArray()), Headers,
            listed, false), default);

        var e = await Assert.ThrowsAsync<StoreException>(() => store.DeleteAsync(listed, force: false, default));

        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Contains("not deleted", e.Message);
        Assert.Equal("two"u8.ToArray(), await StoreTestKit.ReadAsync(store, "x.txt"));
    }
}

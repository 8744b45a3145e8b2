using System.Security.Cryptography;
using AzSync.Azure.Blobs;
using AzSync.Azure.Rest;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Blobs;

[Trait("Needs", "azurite"), Trait("Needs", "node")]
public sealed class BlobStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-blob-").FullName;
    private static readonly ContentHeaders Headers = new("application/octet-stream", "max-age=5", "identity", "inline");

    public void Dispose() => Directory.Delete(_dir, true);

    private LocalFile Write(string name, byte[] content) => StoreTestKit.Source(_dir, name, content);

    private static Task<Dictionary<string, StoreEntry>> ListAsync(IStore store) => StoreTestKit.ListAsync(store);

    private static Task<byte[]> ReadAsync(IStore store, string path) => StoreTestKit.ReadAsync(store, path);

    [Fact]
    public async Task A_small_edit_or_an_insert_in_a_large_file_sends_only_the_changed_blocks()
    {
        var (store, counter) = await BlobTestSupport.NewStoreAsync(azurite.Server);
        var content = RandomNumberGenerator.GetBytes(32 << 20);
        var first =
            await store.WriteAsync(new StoreWrite("big.bin", Write("big", content), Headers, null, false), default);
        Assert.Equal(content.Length, first.BytesSent);

        RandomNumberGenerator.Fill(content.AsSpan(16 << 20, 64));
        var edited = await store.WriteAsync(new StoreWrite("big.bin", Write("big", content), Headers,
            (await ListAsync(store))["big.bin"], false), default);
        Assert.InRange(edited.BytesSent, 1, 4 << 20);

        byte[] inserted = [0x42, .. content];
        var blocksBefore = counter.Count("PUT", "comp=block&");
        var insert = await store.WriteAsync(new StoreWrite("big.bin", Write("big", inserted), Headers,
            (await ListAsync(store))["big.bin"], false), default);
        Assert.InRange(insert.BytesSent, 1, 4 << 20);
        Assert.InRange(counter.Count("PUT", "comp=block&") - blocksBefore, 1, 2);

        var listed = (await ListAsync(store))["big.bin"];
        Assert.Equal(MD5.HashData(inserted), listed.ContentMd5);
        Assert.Equal(inserted, await ReadAsync(store, "big.bin"));
    }

    [Fact]
    public async Task A_blob_written_by_another_tool_without_md5_lists_without_it_and_is_rewritten_once()
    {
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server,
            options: new BlobStoreOptions { PutBlobThreshold = 1 << 20 });
        var content = RandomNumberGenerator.GetBytes(3 << 20);
        // Another writer: one Put Block under its own ID and a block list without x-ms-blob-content-md5.
        var client = new global::Azure.Storage.Blobs.Specialized.BlockBlobClient(azurite.Server.ConnectionString,
            store.DisplayName.Split('/')[^1], "other.bin", SdkClientOptions.ForBlobs());
        await client.StageBlockAsync(Convert.ToBase64String("foreign-block-0001"u8), new MemoryStream(content));
        await client.CommitBlockListAsync([Convert.ToBase64String("foreign-block-0001"u8)]);

        var foreign = (await ListAsync(store))["other.bin"];
        Assert.True(foreign.ContentMd5 is null || foreign.ContentMd5.Length == 0);
        var rewrite =
            await store.WriteAsync(new StoreWrite("other.bin", Write("o", content), Headers, foreign, false), default);
        Assert.Equal(content.Length, rewrite.BytesSent);
        Assert.Equal(MD5.HashData(content), (await ListAsync(store))["other.bin"].ContentMd5);
    }

    [Fact]
    public async Task Listing_follows_every_page()
    {
        var (store, counter) =
            await BlobTestSupport.NewStoreAsync(azurite.Server, options: new BlobStoreOptions { PageSize = 2 });
        for (var i = 0; i < 7; i++)
            await store.WriteAsync(new StoreWrite($"f{i}.txt", Write($"f{i}", [(byte)i]), Headers, null, false),
                default);
        var before = counter.Count("GET", "comp=list");
        Assert.Equal(7, (await ListAsync(store)).Count);
        Assert.Equal(4, counter.Count("GET", "comp=list") - before); // pages of 2, 2, 2 and 1
    }

    [Fact]
    public async Task Names_with_trailing_dots_and_reserved_url_characters_round_trip()
    {
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, prefix: "pre fix");
        string[] names = ["dots./end..", "q?mark.txt", "amp&eq=.txt", "a+b;c#d%e.txt", "ünï/тест/文件.bin"];
        foreach (var n in names)
            await store.WriteAsync(new StoreWrite(n, Write(Guid.NewGuid().ToString("N"),
                System.Text.Encoding.UTF8.GetBytes(n)), Headers, null, false), default);
        Assert.Equal(names.Order(StringComparer.Ordinal), (await ListAsync(store)).Keys.Order(StringComparer.Ordinal));
        foreach (var n in names) Assert.Equal(n, System.Text.Encoding.UTF8.GetString(await ReadAsync(store, n)));
    }

    [Fact]
    public async Task A_name_over_the_service_limit_is_refused_at_plan_time()
    {
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, create: false);
        Assert.Contains("1,024", store.CheckName(new string('a', 1100)));
        Assert.Null(store.CheckName("fine/name.txt"));
    }

    [Fact]
    public async Task A_missing_container_says_how_to_create_it()
    {
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, create: false);
        var e = await Assert.ThrowsAsync<StoreException>(() => store.PrepareAsync(false, default));
        Assert.Equal(StoreErrorKind.DestinationNotFound, e.Kind);
        Assert.Contains("--create-container", e.Message);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authorization_failure_that_never_shows_the_key()
    {
        var wrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, create: false,
            credential: new StorageCredential.SharedKey(Azurite.Account, wrongKey, "test"));
        var e = await Assert.ThrowsAsync<StoreException>(() => store.PrepareAsync(false, default));
        Assert.Equal(StoreErrorKind.Unauthorized, e.Kind);
        Assert.DoesNotContain(wrongKey, e.ToString());
    }

    [Fact]
    public async Task A_read_only_sas_names_the_missing_permissions_and_never_its_signature()
    {
        var container = "c" + Guid.NewGuid().ToString("N")[..12];
        await BlobTestSupport.NewStoreAsync(azurite.Server, container);
        var sas = await SasAsync(container, "rl");
        var sig = sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal));
        var signature = Uri.UnescapeDataString(sig.Split('=', 2)[1]);
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, container,
            new StorageCredential.Sas(sas, "test SAS"), create: false);
        Assert.Empty(await ListAsync(store)); // reading works with r and l
        var e = await Assert.ThrowsAsync<StoreException>(
            () => store.WriteAsync(new StoreWrite("x.txt", Write("x", [1]), Headers, null, false), default));
        Assert.Equal(StoreErrorKind.Unauthorized, e.Kind);
        Assert.Contains("missing 'acwd'", e.Message);
        Assert.DoesNotContain(signature, e.ToString());
        Assert.DoesNotContain(Uri.EscapeDataString(signature), e.ToString());
    }

    [Fact]
    public async Task A_full_sas_syncs()
    {
        var container = "c" + Guid.NewGuid().ToString("N")[..12];
        await BlobTestSupport.NewStoreAsync(azurite.Server, container);
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, container,
            new StorageCredential.Sas(await SasAsync(container, "racwdl"), "test SAS"), create: false);
        await store.WriteAsync(new StoreWrite("ok.txt", Write("ok", [1, 2, 3]), Headers, null, false), default);
        var entry = (await ListAsync(store))["ok.txt"];
        await store.DeleteAsync(entry, false, default);
        Assert.Empty(await ListAsync(store));
    }

    /// <summary>A container SAS made by the official JS SDK, so our SAS
    /// handling is checked against another implementation.</summary>
    internal static Task<string> SasAsync(string container, string permissions) =>
        AzuriteSdk.ContainerSasAsync(container, permissions);
}

using System.Security.Cryptography;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Files.Shares;
using Azure.Storage.Files.Shares.Models;
using Azure.Storage.Files.Shares.Specialized;
using AzSync.Azure.Files;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

/// <summary>
/// A listed file is replaced or deleted under a lease, the only write precondition Azure Files has: another
/// writer before the lease is seen by the ETag check made under it, one during it is refused by the service, a
/// lease someone else holds is theirs, and a lease a killed run left is released by the next run.
/// </summary>
public sealed class FileLeaseTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-files-lease-").FullName;
    private readonly List<string> _notes = [];

    public void Dispose() => Directory.Delete(_dir, true);

    private static bool Is(HttpMessage m, string action) => m.Request.Headers.TryGetValue("x-ms-lease-action",
        out var a) && a == action;

    private FileShareStoreOptions Options(HttpPipelinePolicy? policy = null) => FilesSupport.With(policy,
        notes: _notes);

    /// <summary>A share holding site/big.bin (v1, 6 MiB, indexed with its chunks) and site/small.txt.</summary>
    private async Task<(string Share, byte[] V1)> ShareAsync()
    {
        var share = "l" + Guid.NewGuid().ToString("N")[..12];
        var v1 = RandomNumberGenerator.GetBytes(6 << 20);
        var store = await FilesSupport.NewStoreAsync(emulator, share);
        await store.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(_dir, "v1", v1),
            new ContentHeaders(null), null, false), default);
        await store.WriteAsync(new StoreWrite("small.txt", StoreTestKit.Source(_dir, "s1", "small"u8.ToArray()),
            new ContentHeaders(null), null, false), default);
        await store.CompleteAsync(default);
        return (share, v1);
    }

    private async Task<(FileShareStore Store, Dictionary<string, StoreEntry> Listed)> OpenAsync(string share,
        HttpPipelinePolicy? policy = null)
    {
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false, options: Options(policy));
        return (store, await StoreTestKit.ListAsync(store));
    }

    private async Task<ShareFileProperties> PropertiesAsync(string share, string path) =>
        (await FilesSupport.RawFile(emulator, share, "site/" + path).GetPropertiesAsync()).Value;

    private async Task<string[]> NamesAsync(string share) =>
        (await FilesSupport.Raw(emulator, share).GetDirectoryClient("site").GetFilesAndDirectoriesAsync().ToListAsync())
            .Select(i => i.Name).Order().ToArray();

    private StoreWrite Write(string path, byte[] content, StoreEntry? existing, bool force = false) =>
        new(path, StoreTestKit.Source(_dir, Guid.NewGuid().ToString("N"), content), new ContentHeaders(null),
            existing, force);

    [Fact]
    public async Task Another_writer_between_our_listing_and_our_lease_is_a_conflict_that_keeps_their_file_whole()
    {
        var (share, v1) = await ShareAsync();
        var theirs = RandomNumberGenerator.GetBytes(6 << 20);
        // They replace the file just before our lease request: same size, so only the ETag can tell.
        var them = new OncePolicy(m => Is(m, "acquire"), () => FilesSupport.UploadAsync(FilesSupport.RawFile(emulator,
            share, "site/big.bin"), theirs));
        var (store, listed) = await OpenAsync(share, them);
        var ours = (byte[])v1.Clone();
        ours[1 << 20] ^= 1; // one changed chunk: the rest would be copied from the old file

        var e = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync(Write("big.bin", ours,
            listed["big.bin"]), default));

        Assert.True(them.Ran);
        Assert.True(e.Kind == StoreErrorKind.Conflict, e.Message);
        Assert.Contains("changed at the destination after it was listed; not overwritten", e.Message);
        Assert.Equal(MD5.HashData(theirs), MD5.HashData(await StoreTestKit.ReadAsync(store, "big.bin")));
        Assert.Equal(ShareLeaseState.Available, (await PropertiesAsync(share, "big.bin")).LeaseState);
        Assert.Equal([".azsync-index.json", "big.bin", "small.txt"], await NamesAsync(share));
    }

    [Fact]
    public async Task A_file_removed_between_our_listing_and_our_lease_stays_removed()
    {
        var (share, _) = await ShareAsync();
        var them = new OncePolicy(m => Is(m, "acquire"), () => FilesSupport.RawFile(emulator, share,
            "site/small.txt").DeleteAsync());
        var (store, listed) = await OpenAsync(share, them);

        var e = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync(Write("small.txt", "ours"u8.ToArray(),
            listed["small.txt"]), default));

        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Equal("'small.txt' was removed at the destination after it was listed; not overwritten.", e.Message);
        Assert.Equal([".azsync-index.json", "big.bin"], await NamesAsync(share));
    }

    [Fact]
    public async Task Another_writer_inside_our_window_is_refused_by_the_service_and_our_file_lands_whole()
    {
        var (share, v1) = await ShareAsync();
        RequestFailedException? refused = null;
        var them = new OncePolicy(m => Is(m, "acquire"), async () =>
        {
            try
            {
                await FilesSupport.UploadAsync(FilesSupport.RawFile(emulator, share, "site/big.bin"),
                    RandomNumberGenerator.GetBytes(6 << 20));
            }
            catch (RequestFailedException x) { refused = x; }
        }, after: true);
        var (store, listed) = await OpenAsync(share, them);
        var ours = (byte[])v1.Clone();
        ours[1 << 20] ^= 1;

        await store.WriteAsync(Write("big.bin", ours, listed["big.bin"]), default);

        Assert.Equal(412, refused?.Status);
        Assert.Equal("LeaseIdMissing", refused?.ErrorCode);
        Assert.Equal(MD5.HashData(ours), MD5.HashData(await StoreTestKit.ReadAsync(store, "big.bin")));
        Assert.Equal(ShareLeaseState.Available, (await PropertiesAsync(share, "big.bin")).LeaseState);
    }

    [Fact]
    public async Task A_file_leased_by_another_client_is_a_conflict_naming_the_lease_and_force_does_not_break_it()
    {
        var (share, _) = await ShareAsync();
        var theirs = FilesSupport.RawFile(emulator, share, "site/small.txt").GetShareLeaseClient();
        await theirs.AcquireAsync();
        var (store, listed) = await OpenAsync(share);

        foreach (var force in new[] { false, true })
        {
            var write = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync(Write("small.txt",
                "ours"u8.ToArray(), listed["small.txt"], force), default));
            Assert.Equal(StoreErrorKind.Conflict, write.Kind);
            const string leased = "'small.txt' is leased by another client at the destination (an infinite lease)";
            Assert.Contains(leased + "; not overwritten", write.Message);
            var delete = await Assert.ThrowsAsync<StoreException>(() => store.DeleteAsync(listed["small.txt"], force,
                default));
            Assert.Contains("is leased by another client at the destination (an infinite lease); not deleted",
                delete.Message);
        }

        Assert.Equal("small"u8.ToArray(), await StoreTestKit.ReadAsync(store, "small.txt"));
        var properties = await PropertiesAsync(share, "small.txt");
        Assert.Equal(ShareLeaseState.Leased, properties.LeaseState);
        await theirs.ReleaseAsync(); // still theirs: their id releases it
        Assert.Equal([".azsync-index.json", "big.bin", "small.txt"], await NamesAsync(share));
    }

    [Fact]
    public async Task A_lease_left_by_a_run_killed_inside_its_window_is_released_by_the_next_run_that_writes_the_file()
    {
        var (share, v1) = await ShareAsync();
        var (killed, listed) = await OpenAsync(share, new DeadAfter(m => Is(m, "acquire")));
        await Assert.ThrowsAsync<StoreException>(() => killed.WriteAsync(Write("big.bin",
            RandomNumberGenerator.GetBytes(100), listed["big.bin"]), default));
        Assert.Equal(ShareLeaseState.Leased, (await PropertiesAsync(share, "big.bin")).LeaseState);

        // The next run writes the same file: its lease request meets the leftover, which it recognises and releases.
        var (next, again) = await OpenAsync(share);
        var ours = (byte[])v1.Clone();
        ours[0] ^= 1;
        await next.WriteAsync(Write("big.bin", ours, again["big.bin"]), default);
        await next.CompleteAsync(default);

        Assert.Equal(MD5.HashData(ours), MD5.HashData(await StoreTestKit.ReadAsync(next, "big.bin")));
        Assert.Equal(ShareLeaseState.Available, (await PropertiesAsync(share, "big.bin")).LeaseState);
        Assert.Contains("released the lease an interrupted azsync run left on 'site/big.bin'.", _notes);
        Assert.Equal([".azsync-index.json", "big.bin", "small.txt"], await NamesAsync(share));
    }

    [Fact]
    public async Task A_lease_left_by_a_killed_delete_is_released_at_the_end_of_a_run_that_leaves_the_file_alone()
    {
        var (share, _) = await ShareAsync();
        var (killed, listed) = await OpenAsync(share, new DeadAfter(m => Is(m, "acquire")));
        await Assert.ThrowsAsync<StoreException>(() => killed.DeleteAsync(listed["small.txt"], false, default));
        Assert.Equal(ShareLeaseState.Leased, (await PropertiesAsync(share, "small.txt")).LeaseState);

        var (next, _) = await OpenAsync(share);
        await next.CompleteAsync(default);

        Assert.Equal(ShareLeaseState.Available, (await PropertiesAsync(share, "small.txt")).LeaseState);
        Assert.Equal(["released the lease an interrupted azsync run left on 'site/small.txt'."], _notes);
        Assert.Equal([".azsync-index.json", "big.bin", "small.txt"], await NamesAsync(share));
        // And a lease someone else holds is never taken for a leftover: only the marker's own id releases.
        await FilesSupport.RawFile(emulator, share, "site/small.txt").GetShareLeaseClient().AcquireAsync();
        await FilesSupport.UploadAsync(FilesSupport.RawFile(emulator, share,
            "site/" + FileLeases.NewMarker("small.txt")), []);
        var (third, _) = await OpenAsync(share);
        await third.CompleteAsync(default);
        Assert.Equal(ShareLeaseState.Leased, (await PropertiesAsync(share, "small.txt")).LeaseState);
        Assert.Single(_notes);
    }
}

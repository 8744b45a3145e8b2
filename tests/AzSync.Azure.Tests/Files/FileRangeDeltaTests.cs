using System.Security.Cryptography;
using AzSync.Azure.Files;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

/// <summary>
/// A changed large file sends only its changed chunks: the rest is copied by the service from the file being
/// replaced (Put Range From URL) into the temporary file that is then renamed over it.
/// </summary>
[Trait("Needs", "node")]
public sealed class FileRangeDeltaTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>,
    IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-delta-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private int Count(string operation, IReadOnlyDictionary<string, int> before) =>
        emulator.Server.Counters.Snapshot().GetValueOrDefault(operation) - before.GetValueOrDefault(operation);

    /// <summary>Writes v1 with one store and v2 with a fresh one (which
    /// knows v1 only from the index), returns v2's result.</summary>
    private async Task<(StoreWriteResult Result, int Copies, FileShareStore Store)> ReplaceAsync(
        Func<string, Task<FileShareStore>> open, byte[] v1, byte[] v2)
    {
        var share = "d" + Guid.NewGuid().ToString("N")[..12];
        var first = await open(share);
        await first.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(_dir, "v1", v1), new ContentHeaders(null),
            null, false), default);
        await first.CompleteAsync(default);

        var second = await open(share);
        var listed = (await StoreTestKit.ListAsync(second))["big.bin"];
        var before = emulator.Server.Counters.Snapshot();
        var result = await second.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(_dir, "v2", v2),
            new ContentHeaders(null), listed, false), default);
        var copies = Count("PutRangeFromURL", before);
        await second.CompleteAsync(default);
        Assert.Equal(MD5.HashData(v2), await ReadMd5Async(second));
        Assert.Equal(MD5.HashData(v2), (await StoreTestKit.ListAsync(second))["big.bin"].ContentMd5);
        return (result, copies, second);
    }

    private static async Task<byte[]> ReadMd5Async(IStore store) =>
        MD5.HashData(await StoreTestKit.ReadAsync(store, "big.bin"));

    private Task<FileShareStore> KeyStore(string share) => FilesSupport.NewStoreAsync(emulator, share);

    [Fact]
    public async Task Sixty_four_bytes_changed_in_a_large_file_send_one_chunk()
    {
        var v1 = RandomNumberGenerator.GetBytes(12 << 20);
        var v2 = (byte[])v1.Clone();
        RandomNumberGenerator.Fill(v2.AsSpan((5 << 20) + 100, 64));

        var (result, copies, _) = await ReplaceAsync(KeyStore, v1, v2);

        Assert.Equal(RangeWriter.ChunkSize, result.BytesSent);
        Assert.True(copies >= 3, $"expected the unchanged 11 MiB to be copied by the service, saw {copies} copies");
    }

    [Fact]
    public async Task A_grown_file_sends_only_its_new_tail()
    {
        var v1 = RandomNumberGenerator.GetBytes(8 << 20);
        var v2 = v1.Concat(RandomNumberGenerator.GetBytes(300_000)).ToArray();

        var (result, _, _) = await ReplaceAsync(KeyStore, v1, v2);

        Assert.Equal(300_000, result.BytesSent);
    }

    [Fact]
    public async Task An_insertion_at_the_start_shifts_every_chunk_and_sends_the_whole_file()
    {
        // Ranges are positional: this is the documented limit of the Files delta (Blob's chunks are content-defined).
        var v1 = RandomNumberGenerator.GetBytes(6 << 20);
        var v2 = new byte[] { 42 }.Concat(v1).ToArray();

        var (result, copies, _) = await ReplaceAsync(KeyStore, v1, v2);

        Assert.Equal(v2.Length, result.BytesSent);
        Assert.Equal(0, copies);
    }

    [Fact]
    public async Task The_delta_also_works_with_a_share_sas_whose_query_authorizes_the_copy_source()
    {
        var v1 = RandomNumberGenerator.GetBytes(8 << 20);
        var v2 = (byte[])v1.Clone();
        v2[^1] ^= 0xff;

        async Task<FileShareStore> Open(string share)
        {
            await FilesSupport.NewStoreAsync(emulator, share); // the share, made with the key
            var sas = await FilesSupport.SasAsync(emulator, share, "rcwdl");
            Assert.True(FileShareDestination.TryParse($"{emulator.BaseUri.AbsoluteUri.TrimEnd('/')}/{share}/site?{sas}",
                false, out var d, out var error), error);
            return FileShareStore.Open(d, new StorageCredential.Sas(d.SasQuery!, "test SAS"));
        }

        var (result, copies, _) = await ReplaceAsync(Open, v1, v2);

        Assert.Equal(RangeWriter.ChunkSize, result.BytesSent);
        Assert.True(copies >= 2, $"saw {copies} copies");
    }

    [Fact]
    public async Task A_file_changed_behind_our_back_is_a_conflict_and_keeps_the_other_writers_content()
    {
        var share = "d" + Guid.NewGuid().ToString("N")[..12];
        var v1 = RandomNumberGenerator.GetBytes(6 << 20);
        var store = await KeyStore(share);
        await store.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(_dir, "v1", v1), new ContentHeaders(null),
            null, false), default);
        await store.CompleteAsync(default);

        var ours = await KeyStore(share);
        var listed = (await StoreTestKit.ListAsync(ours))["big.bin"];
        // Another writer replaces the file between our listing and our write.
        var theirs = RandomNumberGenerator.GetBytes(6 << 20);
        var other = await KeyStore(share);
        await other.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(_dir, "theirs", theirs),
            new ContentHeaders(null), (await StoreTestKit.ListAsync(other))["big.bin"], false), default);

        var v2 = (byte[])v1.Clone();
        v2[10] ^= 1;
        var e = await Assert.ThrowsAsync<StoreException>(() =>
            ours.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(_dir, "v2", v2), new ContentHeaders(null),
                listed, false), default));
        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Equal(MD5.HashData(theirs), await ReadMd5Async(ours));
    }
}

using System.Security.Cryptography;
using Azure.Core;
using AzSync.Azure.Files;
using AzSync.Azure.Tests.Rest;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

/// <summary>The rename that puts a new file in place lands, but
/// its answer is lost and the pipeline retries it.</summary>
public sealed class LostRenameTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-lostrename-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static bool IsRename(HttpMessage m) =>
        m.Request.Method == RequestMethod.Put && m.Request.Uri.Query.Contains("comp=rename");

    private Task<FileShareStore> Open(string share, LoseFirstResponse policy) =>
        FilesSupport.NewStoreAsync(emulator, share, create: false, options: FilesSupport.With(policy));

    [Fact]
    public async Task A_rename_retried_after_it_landed_is_success_and_the_index_holds_the_new_etag()
    {
        var share = "r" + Guid.NewGuid().ToString("N")[..12];
        await FilesSupport.NewStoreAsync(emulator, share);
        var policy = new LoseFirstResponse(IsRename);
        var store = await Open(share, policy);
        var content = RandomNumberGenerator.GetBytes(3000);

        await store.WriteAsync(new StoreWrite("f.bin", StoreTestKit.Source(_dir, "f", content),
            new ContentHeaders(null), null, false), default);
        await store.CompleteAsync(default);

        Assert.Equal(1, policy.Lost);
        Assert.Equal(content, await StoreTestKit.ReadAsync(store, "f.bin"));
        // The index entry is trusted by the next run: the ETag recorded is the file's real one.
        var before = emulator.Server.Counters["GetFileProperties"];
        var listed = await StoreTestKit.ListAsync(await FilesSupport.NewStoreAsync(emulator, share, create: false));
        Assert.Equal(MD5.HashData(content), listed["f.bin"].ContentMd5);
        Assert.Equal(before, emulator.Server.Counters["GetFileProperties"]);
    }

    [Fact]
    public async Task A_replacement_whose_target_another_writer_changed_meanwhile_stays_a_conflict()
    {
        var share = "r" + Guid.NewGuid().ToString("N")[..12];
        var first = await FilesSupport.NewStoreAsync(emulator, share);
        await first.WriteAsync(new StoreWrite("f.bin", StoreTestKit.Source(_dir, "v1", "v1"u8.ToArray()),
            new ContentHeaders(null), null, false), default);
        await first.CompleteAsync(default);
        var theirs = RandomNumberGenerator.GetBytes(900);
        var other = await FilesSupport.NewStoreAsync(emulator, share, create: false);
        var listed = (await StoreTestKit.ListAsync(other))["f.bin"];

        // Our rename lands and its answer is lost; the other writer then replaces the file before our retry.
        var policy = new LoseFirstResponse(IsRename, () => other.WriteAsync(
            new StoreWrite("f.bin", StoreTestKit.Source(_dir, "theirs", theirs), new ContentHeaders(null), null, true),
                default).GetAwaiter().GetResult());
        var ours = await Open(share, policy);
        var e = await Assert.ThrowsAsync<StoreException>(() => ours.WriteAsync(
            new StoreWrite("f.bin", StoreTestKit.Source(_dir, "ours", RandomNumberGenerator.GetBytes(700)),
                new ContentHeaders(null), listed, false), default));

        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Equal(theirs, await StoreTestKit.ReadAsync(other, "f.bin"));
    }
}

using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Files.Shares.Models;
using AzSync.Azure.Files;
using AzSync.Azure.Tests.Rest;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

/// <summary>
/// What a Files run does when things go wrong around it: a source that changes while it is sent, an answer lost,
/// a folder someone writes into, an index that cannot be read, a read-only target.
/// </summary>
public sealed class FileIntegrityTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-files-integrity-").FullName;
    private readonly List<string> _notes = [];

    public void Dispose() => Directory.Delete(_dir, true);

    private FileShareStoreOptions Options(HttpPipelinePolicy? policy = null, HttpPipelinePolicy? second = null,
        bool ignoreReadOnly = false) =>
        FilesSupport.With(policy, second: second, notes: _notes) with { IgnoreReadOnly = ignoreReadOnly };

    private async Task<(string Share, FileShareStore Store)> ShareWithAsync(params (string Path,
        byte[] Content)[] files)
    {
        var share = "i" + Guid.NewGuid().ToString("N")[..12];
        var store = await FilesSupport.NewStoreAsync(emulator, share);
        foreach (var (path, content) in files)
            await store.WriteAsync(new StoreWrite(path, StoreTestKit.Source(_dir, Guid.NewGuid().ToString("N"),
                content), new ContentHeaders(null), null, false), default);
        await store.CompleteAsync(default);
        return (share, store);
    }

    private async Task<string[]> NamesAsync(string share, string directory = "site") =>
        (await FilesSupport.Raw(emulator, share).GetDirectoryClient(directory).GetFilesAndDirectoriesAsync()
            .ToListAsync())
            .Select(i => i.Name).Order().ToArray();

    [Theory]
    [InlineData(100)]
    [InlineData(9 << 20)]
    public async Task A_source_whose_bytes_changed_after_hashing_is_not_written_under_the_old_md5(int size)
    {
        var (share, _) = await ShareWithAsync(("keep.bin", RandomNumberGenerator.GetBytes(size)));
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false, options: Options());
        var listed = await StoreTestKit.ListAsync(store);
        var old = await StoreTestKit.ReadAsync(store, "keep.bin");
        var hashed = RandomNumberGenerator.GetBytes(size);
        var path = Path.Combine(_dir, "changing.bin");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(size)); // what the disk holds by the time it is sent
        var planned = new LocalFile(path, size, MD5.HashData(hashed));

        foreach (var (target, existing) in new[] { ("new.bin", (StoreEntry?)null), ("keep.bin", listed["keep.bin"]) })
        {
            var e = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync(new StoreWrite(target, planned,
                new ContentHeaders(null), existing, false), default));
            Assert.Equal(StoreErrorKind.Failed, e.Kind);
            Assert.Contains($"'{target}' changed while syncing", e.Message);
        }
        Assert.Equal(old, await StoreTestKit.ReadAsync(store, "keep.bin"));
        Assert.Equal([".azsync-index.json", "keep.bin"], await NamesAsync(share));
    }

    [Fact]
    public async Task A_source_that_shrank_while_it_was_sent_is_changed_while_syncing()
    {
        var (share, _) = await ShareWithAsync();
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false, options: Options());
        var content = RandomNumberGenerator.GetBytes(3000);
        var path = Path.Combine(_dir, "shrunk.bin");
        File.WriteAllBytes(path, content[..1000]);

        var e = await Assert.ThrowsAsync<StoreException>(() =>
            store.WriteAsync(new StoreWrite("shrunk.bin", new LocalFile(path, content.Length, MD5.HashData(content)),
                new ContentHeaders(null), null, false), default));

        Assert.Contains("'shrunk.bin' changed while syncing", e.Message);
        Assert.DoesNotContain("beyond the end of the stream", e.Message);
        Assert.Empty(await NamesAsync(share)); // not even the temporary file
    }

    [Fact]
    public async Task A_delete_whose_answer_was_lost_has_succeeded_when_its_retry_finds_the_file_gone()
    {
        var (share, _) = await ShareWithAsync(("gone.txt", "x"u8.ToArray()), ("keep.txt", "k"u8.ToArray()));
        var lose = new LoseFirstResponse(m =>
            m.Request.Method == RequestMethod.Delete &&
            m.Request.Uri.Path.EndsWith("/gone.txt", StringComparison.Ordinal));
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false, options: Options(lose));
        var listed = await StoreTestKit.ListAsync(store);

        await store.DeleteAsync(listed["gone.txt"], false, default);
        await store.CompleteAsync(default);

        Assert.Equal(1, lose.Lost);
        Assert.Equal([".azsync-index.json", "keep.txt"], await NamesAsync(share));
    }

    [Fact]
    public async Task Emptied_folders_that_are_gone_or_written_into_meanwhile_do_not_fail_the_end_of_the_run()
    {
        var (share, _) = await ShareWithAsync(
            ("a/x.txt", "x"u8.ToArray()), ("b/y.txt", "y"u8.ToArray()), ("keep.txt", "k"u8.ToArray()));
        static bool DeletesFolder(HttpMessage m, string name) =>
            m.Request.Method == RequestMethod.Delete && m.Request.Uri.Query.Contains("restype=directory") &&
            m.Request.Uri.Path.EndsWith("/site/" + name, StringComparison.Ordinal);
        // The answer to removing folder a is lost (its retry finds it gone); someone writes into b just before it goes.
        var lose = new LoseFirstResponse(m => DeletesFolder(m, "a"));
        var writeLate = new OncePolicy(m => DeletesFolder(m, "b"),
            () => FilesSupport.UploadAsync(FilesSupport.RawFile(emulator, share, "site/b/late.txt"),
            "late"u8.ToArray()));
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false, options: Options(lose, writeLate));
        var listed = await StoreTestKit.ListAsync(store);
        await store.DeleteAsync(listed["a/x.txt"], false, default);
        await store.DeleteAsync(listed["b/y.txt"], false, default);

        await store.CompleteAsync(default);

        Assert.Equal(1, lose.Lost);
        Assert.True(writeLate.Ran);
        Assert.Equal([".azsync-index.json", "b", "keep.txt"], await NamesAsync(share));
        Assert.StartsWith("the emptied folder 'b' was left in place: ", Assert.Single(_notes));
        Assert.Contains("DirectoryNotEmpty", _notes[0]);
        // The index was still saved: it no longer holds the deleted files.
        Assert.Equal(["keep.txt"], await IndexedPathsAsync(share));
    }

    private async Task<string[]> IndexedPathsAsync(string share)
    {
        var stored = new MemoryStream();
        await using (var download = (await FilesSupport.RawFile(emulator, share,
            "site/" + FileShareIndex.FileName).DownloadAsync()).Value.Content)
            await download.CopyToAsync(stored);
        stored.Position = 0;
        await using var json = new System.IO.Compression.GZipStream(stored,
            System.IO.Compression.CompressionMode.Decompress);
        var root = System.Text.Json.JsonDocument.Parse(json).RootElement;
        return root.EnumerateObject().Select(p => p.Name).Order().ToArray();
    }

    /// <summary>Cuts the body of every (or only the first) index download short, as a reset connection does.</summary>
    private sealed class BreakIndexReads(bool always) : HttpPipelinePolicy
    {
        public int Broken;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Get &&
                message.Request.Uri.Path.EndsWith("/" + FileShareIndex.FileName, StringComparison.Ordinal)
                && message.Response.Status == 200 && (always || Interlocked.CompareExchange(ref Broken, 0, 0) == 0))
            {
                Interlocked.Increment(ref Broken);
                message.Response.ContentStream = new CutShort();
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }

    private sealed class CutShort : MemoryStream
    {
        public override int Read(byte[] buffer, int offset,
            int count) => throw new IOException("connection reset while reading the body (test)");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("connection reset while reading the body (test)");
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count,
            CancellationToken cancellationToken) =>
            throw new IOException("connection reset while reading the body (test)");
    }

    [Fact]
    public async Task An_index_whose_body_is_cut_once_is_read_again_and_trusted()
    {
        var (share, _) = await ShareWithAsync(("a.txt", "a"u8.ToArray()), ("b.txt", "b"u8.ToArray()));
        var broken = new BreakIndexReads(always: false);
        var properties = emulator.Server.Counters["GetFileProperties"];

        var listed = await StoreTestKit.ListAsync(await FilesSupport.NewStoreAsync(emulator, share, create: false,
            options: Options(broken)));

        Assert.Equal(1, broken.Broken);
        Assert.Equal(MD5.HashData("a"u8), listed["a.txt"].ContentMd5);
        Assert.Equal(properties, emulator.Server.Counters["GetFileProperties"]); // the index vouched for both
        Assert.Empty(_notes);
    }

    [Fact]
    public async Task An_index_that_cannot_be_read_is_done_without_with_a_note_and_is_not_overwritten()
    {
        var (share, _) = await ShareWithAsync(("a.txt", "a"u8.ToArray()), ("b.txt", "b"u8.ToArray()));
        var broken = new BreakIndexReads(always: true);
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false, options: Options(broken));

        var listed = await StoreTestKit.ListAsync(store);
        await store.WriteAsync(new StoreWrite("c.txt", StoreTestKit.Source(_dir, "c", "c"u8.ToArray()),
            new ContentHeaders(null), null, false), default);
        await store.CompleteAsync(default);

        Assert.True(broken.Broken >= 2);
        Assert.Equal(MD5.HashData("a"u8), listed["a.txt"].ContentMd5); // read from the file's properties instead
        Assert.Contains("could not be read", Assert.Single(_notes));
        Assert.Equal(["a.txt", "b.txt"], await IndexedPathsAsync(share));
    }

    [Fact]
    public async Task A_read_only_target_is_refused_with_its_reason_and_replaced_with_ignore_readonly()
    {
        var (share, _) = await ShareWithAsync(("ro.txt", "old"u8.ToArray()));
        await FilesSupport.RawFile(emulator, share,
            "site/ro.txt").SetHttpHeadersAsync(new ShareFileSetHttpHeadersOptions
            {
                SmbProperties = new FileSmbProperties { FileAttributes = NtfsFileAttributes.ReadOnly },
            });

        var refusing = await FilesSupport.NewStoreAsync(emulator, share, create: false, options: Options());
        var listed = await StoreTestKit.ListAsync(refusing);
        var e = await Assert.ThrowsAsync<StoreException>(() => refusing.WriteAsync(
            new StoreWrite("ro.txt", StoreTestKit.Source(_dir, "n1", "new"u8.ToArray()), new ContentHeaders(null),
                listed["ro.txt"], false), default));
        Assert.Contains("'ro.txt' has the ReadOnly attribute at the destination; not replaced. Pass --ignore-readonly",
            e.Message);
        var delete = await Assert.ThrowsAsync<StoreException>(() => refusing.DeleteAsync(listed["ro.txt"], false,
            default));
        Assert.Contains("'ro.txt' has the ReadOnly attribute at the destination; not deleted", delete.Message);
        Assert.Equal("old"u8.ToArray(), await StoreTestKit.ReadAsync(refusing, "ro.txt"));
        Assert.Equal(ShareLeaseState.Available, (await FilesSupport.RawFile(emulator, share,
            "site/ro.txt").GetPropertiesAsync()).Value.LeaseState);

        var ignoring = await FilesSupport.NewStoreAsync(emulator, share, create: false,
            options: Options(ignoreReadOnly: true));
        listed = await StoreTestKit.ListAsync(ignoring);
        await ignoring.WriteAsync(new StoreWrite("ro.txt", StoreTestKit.Source(_dir, "n2", "new"u8.ToArray()),
            new ContentHeaders(null), listed["ro.txt"], false), default);
        Assert.Equal("new"u8.ToArray(), await StoreTestKit.ReadAsync(ignoring, "ro.txt"));
        Assert.Equal([".azsync-index.json", "ro.txt"], await NamesAsync(share));
    }
}

using System.Security.Cryptography;
using Azure.Storage.Files.Shares.Models;
using AzSync.Azure.Files;
using AzSync.Azure.Rest;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

public sealed class FileShareStoreConformanceTests(FilesEmulatorFixture emulator) : StoreConformanceTests,
    IClassFixture<FilesEmulatorFixture>
{
    protected override async Task<IStore> CreateStoreAsync() => await FilesSupport.NewStoreAsync(emulator);

    protected override async Task<IStore> CreateStoreOverMissingDestinationAsync() =>
        await FilesSupport.NewStoreAsync(emulator, create: false);

    protected override bool NamesMatchWithoutCase => true;
}

public sealed class FileShareStoreTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>,
    IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private LocalFile Source(string name, byte[] content) => StoreTestKit.Source(_dir, name, content);

    private static Task<Dictionary<string, StoreEntry>> ListAsync(IStore store) => StoreTestKit.ListAsync(store);

    [Fact]
    public async Task A_second_run_trusts_the_index_and_sends_no_per_file_request()
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        var store = await FilesSupport.NewStoreAsync(emulator, share);
        foreach (var name in new[] { "a.txt", "d1/b.txt", "d1/d2/c.txt", "d3/e.txt" })
            await store.WriteAsync(new StoreWrite(name, Source(name.Replace('/', '_'),
                System.Text.Encoding.UTF8.GetBytes(name)), new ContentHeaders("text/plain"), null, false), default);
        await store.CompleteAsync(default);

        var before = emulator.Server.Counters.Snapshot();
        var fresh = await FilesSupport.NewStoreAsync(emulator, share, create: false);
        var listed = await ListAsync(fresh);
        await fresh.CompleteAsync(default);
        Assert.Equal(4, listed.Count);
        Assert.All(listed.Values, e => Assert.NotNull(e.ContentMd5));
        // One index download and one listing per directory (site, d1, d2, d3): no request per file.
        var operations = FilesSupport.OperationsSince(emulator, before);
        Assert.Equal(1 + 4, operations);
    }

    [Fact]
    public async Task The_index_is_stored_compressed_and_a_plain_json_index_of_an_earlier_version_is_still_trusted()
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        var store = await FilesSupport.NewStoreAsync(emulator, share);
        var names = Enumerable.Range(0, 40).Select(i => $"d{i % 4}/file-{i}.txt").ToList();
        foreach (var name in names)
            await store.WriteAsync(new StoreWrite(name, Source(name.Replace('/', '_'),
                System.Text.Encoding.UTF8.GetBytes(name)), new ContentHeaders("text/plain"), null, false), default);
        await store.CompleteAsync(default);

        var indexFile = FilesSupport.RawFile(emulator, share, "site/" + FileShareIndex.FileName);
        var stored = new MemoryStream();
        await using (var download = (await indexFile.DownloadAsync()).Value.Content) await download.CopyToAsync(stored);
        var json = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(stored.ToArray()),
            System.IO.Compression.CompressionMode.Decompress))
            await gzip.CopyToAsync(json);
        var entries = System.Text.Json.JsonDocument.Parse(json.ToArray()).RootElement.EnumerateObject()
            .Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), entries);
        Assert.True(stored.Length * 2 < json.Length,
            $"{stored.Length} compressed bytes for {json.Length} bytes of JSON");

        // What versions before compression wrote: the same entries as plain JSON.
        await FilesSupport.UploadAsync(indexFile, json.ToArray(),
            new ShareFileHttpHeaders { ContentType = "application/json", ContentHash = MD5.HashData(json.ToArray()) });
        var before = emulator.Server.Counters.Snapshot();
        var listed = await ListAsync(await FilesSupport.NewStoreAsync(emulator, share, create: false));
        Assert.Equal(names.Count, listed.Count);
        Assert.All(listed,
            kv => Assert.Equal(MD5.HashData(System.Text.Encoding.UTF8.GetBytes(kv.Key)), kv.Value.ContentMd5));
        // Trusted from the index: one download and one listing per directory (site, d0–d3), no request per file.
        var operations = FilesSupport.OperationsSince(emulator, before);
        Assert.Equal(1 + 5, operations);
    }

    [Fact]
    public async Task A_damaged_index_costs_property_reads_but_never_a_wrong_md5()
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        var store = await FilesSupport.NewStoreAsync(emulator, share);
        await store.WriteAsync(new StoreWrite("f.txt", Source("f", "ours"u8.ToArray()),
            new ContentHeaders("text/plain"), null, false), default);
        await store.CompleteAsync(default);
        byte[] truncatedGzip = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2];
        await FilesSupport.UploadAsync(FilesSupport.RawFile(emulator, share, "site/" + FileShareIndex.FileName),
            truncatedGzip);

        var entry = (await ListAsync(await FilesSupport.NewStoreAsync(emulator, share, create: false)))["f.txt"];
        Assert.Equal(MD5.HashData("ours"u8), entry.ContentMd5);
    }

    [Fact]
    public async Task A_file_changed_behind_our_back_is_not_trusted()
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        var store = await FilesSupport.NewStoreAsync(emulator, share);
        await store.WriteAsync(new StoreWrite("f.txt", Source("f", "ours"u8.ToArray()),
            new ContentHeaders("text/plain"), null, false), default);
        await store.CompleteAsync(default);

        // Another writer replaces it with the same size and no MD5.
        await FilesSupport.UploadAsync(FilesSupport.RawFile(emulator, share, "site/f.txt"), "them"u8.ToArray());

        var entry = (await ListAsync(await FilesSupport.NewStoreAsync(emulator, share, create: false)))["f.txt"];
        Assert.NotEqual(MD5.HashData("ours"u8), entry.ContentMd5);
    }

    [Fact]
    public async Task Trailing_dots_are_kept_and_forbidden_names_fail_at_plan_time()
    {
        var store = await FilesSupport.NewStoreAsync(emulator);
        await store.WriteAsync(new StoreWrite("dots./name..", Source("t", "x"u8.ToArray()), new ContentHeaders(null),
            null, false), default);
        Assert.Equal(["dots./name.."], (await ListAsync(store)).Keys);
        Assert.Contains("':'", store.CheckName("a:b.txt"));
        Assert.Contains("reserved", store.CheckName("dir/CON"));
        Assert.Null(store.CheckName("Readme.md"));
        Assert.Contains("case-insensitive", store.CheckName("README.md"));
    }

    [Fact]
    public async Task Deleting_the_last_file_removes_the_emptied_directories()
    {
        var store = await FilesSupport.NewStoreAsync(emulator);
        await store.WriteAsync(
            new StoreWrite("x/y/z.txt", Source("z", "z"u8.ToArray()), new ContentHeaders(null), null, false), default);
        await store.WriteAsync(
            new StoreWrite("keep.txt", Source("k", "k"u8.ToArray()), new ContentHeaders(null), null, false), default);
        var entries = await ListAsync(store);
        await store.DeleteAsync(entries["x/y/z.txt"], false, default);
        await store.CompleteAsync(default);
        Assert.Equal(["keep.txt"], (await ListAsync(store)).Keys);
    }

    [Fact]
    public async Task A_reader_during_a_replacement_sees_only_the_whole_old_or_the_whole_new_file()
    {
        var store = await FilesSupport.NewStoreAsync(emulator);
        var v1 = RandomNumberGenerator.GetBytes(9 << 20);
        var v2 = RandomNumberGenerator.GetBytes(9 << 20);
        await store.WriteAsync(new StoreWrite("f.bin", Source("v1", v1), new ContentHeaders(null), null, false),
            default);
        var listed = (await ListAsync(store))["f.bin"];
        string[] allowed = [Convert.ToHexString(MD5.HashData(v1)), Convert.ToHexString(MD5.HashData(v2))];

        // The rename is held until the reader has read twice, and the test waits for two reads after the write: reads
        // fall on both sides of the swap by construction, not by a window that a busy machine may close.
        using var done = new CancellationTokenSource();
        var seen = new List<string>();
        var reads = new EventCounter();
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                seen.Add(Convert.ToHexString(MD5.HashData(await StoreTestKit.ReadAsync(store, "f.bin"))));
                reads.Increment();
            }
        });
        emulator.Server.Options.BeforeRun = async (op, _, ct) =>
        {
            if (op == "RenameFile") await reads.WhenReached(2).WaitAsync(ct);
        };
        try
        {
            await store.WriteAsync(new StoreWrite("f.bin", Source("v2", v2), new ContentHeaders(null), listed, false),
                default);
            // The second read finished from now on also began after the write returned.
            await Task.WhenAny(reads.WhenMore(2), reader);
        }
        finally
        {
            emulator.Server.Options.BeforeRun = null;
            done.Cancel();
        }
        await reader;

        Assert.All(seen, md5 => Assert.Contains(md5, allowed));
        Assert.Equal(allowed[0], seen[0]); // read while the new file waited under its temporary name
        Assert.Equal(allowed[1], seen[^1]); // begun after the rename
    }

    [Fact]
    public async Task Large_files_are_written_in_ranges_and_read_back_whole()
    {
        var store = await FilesSupport.NewStoreAsync(emulator);
        var content = RandomNumberGenerator.GetBytes(10 * 1024 * 1024 + 17);
        var result = await store.WriteAsync(
            new StoreWrite("big.bin", Source("big", content), new ContentHeaders(null), null, false), default);
        Assert.Equal(content.Length, result.BytesSent);
        await using var read = await store.OpenReadAsync("big.bin", default);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task A_new_file_costs_three_requests_and_a_name_taken_meanwhile_is_a_conflict_leaving_nothing()
    {
        var (share, store, headers) = await WithFirstFileAsync();

        var before = emulator.Server.Counters.Snapshot();
        await store.WriteAsync(new StoreWrite("second.txt", Source("second", "2"u8.ToArray()), headers, null, false),
            default);
        // Create the temporary file, put its range, rename it into place: no separate "is the name free" request.
        Assert.Equal(3, FilesSupport.OperationsSince(emulator, before));
        Assert.Equal(before.GetValueOrDefault("GetFileProperties"), emulator.Server.Counters["GetFileProperties"]);

        await FilesSupport.UploadAsync(FilesSupport.RawFile(emulator, share, "site/taken.txt"), "theirs"u8.ToArray());
        var e = await Assert.ThrowsAsync<StoreException>(() =>
            store.WriteAsync(new StoreWrite("taken.txt", Source("ours", "ours"u8.ToArray()), headers, null, false),
                default));

        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Contains("appeared at the destination", e.Message);
        Assert.Equal("theirs"u8.ToArray(), await StoreTestKit.ReadAsync(store, "taken.txt"));
        Assert.Equal(["first.txt", "second.txt", "taken.txt"], await SiteNamesAsync(share));
    }

    [Fact]
    public async Task A_name_taken_meanwhile_by_our_own_bytes_counts_as_written_and_leaves_no_temporary_file()
    {
        // What a listing that missed the file (a lying or short one) leads to: a write of a "new" file that is there.
        var (share, store, headers) = await WithFirstFileAsync();
        await FilesSupport.UploadAsync(FilesSupport.RawFile(emulator, share, "site/same.txt"), "ours"u8.ToArray(),
            new ShareFileHttpHeaders { ContentHash = MD5.HashData("ours"u8) });

        await store.WriteAsync(new StoreWrite("same.txt", Source("same", "ours"u8.ToArray()), headers, null, false),
            default);

        Assert.Equal(["first.txt", "same.txt"], await SiteNamesAsync(share));
    }

    /// <summary>A fresh share whose folder the store made by writing first.txt.</summary>
    private async Task<(string Share, FileShareStore Store, ContentHeaders Headers)> WithFirstFileAsync()
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        var store = await FilesSupport.NewStoreAsync(emulator, share);
        var headers = new ContentHeaders("text/plain");
        await store.WriteAsync(new StoreWrite("first.txt", Source("first", "1"u8.ToArray()), headers, null, false),
            default);
        return (share, store, headers);
    }

    private async Task<string[]> SiteNamesAsync(string share) =>
        [.. (await FilesSupport.Raw(emulator, share).GetDirectoryClient("site").GetFilesAndDirectoriesAsync()
            .ToListAsync()).Select(i => i.Name).Order(StringComparer.Ordinal)];
}

[Trait("Needs", "node")]
public sealed class FileShareSasTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>
{
    /// <summary>A share SAS made by the official JS SDK, so our SAS handling meets another implementation.</summary>

    [Fact]
    public async Task A_share_sas_syncs_and_a_read_only_one_is_refused_without_showing_its_signature()
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        await FilesSupport.NewStoreAsync(emulator, share); // the share exists
        var url = $"{emulator.BaseUri.AbsoluteUri.TrimEnd('/')}/{share}/site";
        var dir = Directory.CreateTempSubdirectory("azsync-files-sas-").FullName;

        var full = await FilesSupport.SasAsync(emulator, share, "rcwdl");
        Assert.True(FileShareDestination.TryParse(url + "?" + full, false, out var d, out _));
        var store = FileShareStore.Open(d, new StorageCredential.Sas(d.SasQuery!, "test SAS"));
        await store.PrepareAsync(false, default);
        await store.WriteAsync(new StoreWrite("a/b.txt", StoreTestKit.Source(dir, "b", "by sas"u8.ToArray()),
            new ContentHeaders("text/plain"), null, false), default);
        await store.CompleteAsync(default);
        Assert.Equal(["a/b.txt"], (await StoreTestKit.ListAsync(store)).Keys);

        var readOnly = await FilesSupport.SasAsync(emulator, share, "rl");
        var sig = Uri.UnescapeDataString(readOnly.Split('&')
            .Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..]);
        Assert.True(FileShareDestination.TryParse(url + "?" + readOnly, false, out var ro, out _));
        var denied = FileShareStore.Open(ro, new StorageCredential.Sas(ro.SasQuery!, "test SAS"));
        var e = await Assert.ThrowsAsync<StoreException>(() =>
            denied.WriteAsync(new StoreWrite("c.txt", StoreTestKit.Source(dir, "c", "x"u8.ToArray()),
                new ContentHeaders(null), null, false), default));
        Assert.Equal(StoreErrorKind.Unauthorized, e.Kind);
        Assert.DoesNotContain(sig, e.ToString());
        Directory.Delete(dir, true);
    }
}

using System.Security.Cryptography;
using System.Text;
using AzSync.Azure.Files;
using AzSync.Core.Manifest;
using AzSync.Core.Planning;
using AzSync.Core.Stores;
using AzSync.FilesEmulator;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

/// <summary>
/// Azure Files lists one directory per request, so the store walks a tree with several requests in flight. The
/// emulator holds the answers a test names until two of them wait at once: an overlap shown by a count reached, not
/// by slowed answers and a peak that a busy machine may or may not produce.
/// </summary>
public sealed class FileShareListingTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>,
    IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-files-listing-").FullName;

    public void Dispose()
    {
        emulator.Server.Options.ServerBusy = null;
        Directory.Delete(_dir, true);
    }

    private async Task<(string Share, Dictionary<string, byte[]> Md5s)> ShareWithAsync(IEnumerable<string> names)
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        var store = await FilesSupport.NewStoreAsync(emulator, share);
        var md5s = new Dictionary<string, byte[]>();
        foreach (var name in names)
        {
            var content = Encoding.UTF8.GetBytes("content of " + name);
            await store.WriteAsync(new StoreWrite(name, StoreTestKit.Source(_dir, name.Replace('/', '_'), content),
                new ContentHeaders("text/plain"), null, false), default);
            md5s[name] = MD5.HashData(content);
        }
        await store.CompleteAsync(default);
        return (share, md5s);
    }

    /// <summary>Runs <paramref name="work"/> with every <paramref name="operation"/> but the one on
    /// <paramref name="alone"/> held until two are held at once, and fails if that never happens.</summary>
    private async Task<T> OverlappingAsync<T>(string operation, string? alone, Func<Task<T>> work)
    {
        var gate = new OverlapGate(2);
        emulator.Server.Counters.Reset();
        emulator.Server.Options.BeforeRun = (op, path, ct) =>
            op == operation && path != alone ? gate.HoldAsync(op, path, ct) : Task.CompletedTask;
        try
        {
            var result = await gate.AroundAsync(work(), TimeSpan.FromSeconds(60));
            Assert.True(gate.Reached.IsCompletedSuccessfully, $"never two {operation} requests in flight");
            return result;
        }
        finally
        {
            emulator.Server.Options.BeforeRun = null;
        }
    }

    [Fact]
    public async Task Directories_are_listed_several_at_once_and_every_file_is_found()
    {
        var names = Enumerable.Range(0, 24)
            .Select(i => i % 3 == 0 ? $"d{i % 12}/deeper/f{i}.txt" : $"d{i % 12}/f{i}.txt").ToList();
        var (share, md5s) = await ShareWithAsync(names);
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false);

        // The root is listed alone: its subdirectories are what it finds.
        var listed = await OverlappingAsync("ListFilesAndDirectories", $"{share}/site",
            () => StoreTestKit.ListAsync(store));

        Assert.Equal(names.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(listed, kv => Assert.Equal(md5s[kv.Key], kv.Value.ContentMd5));
        // Still one listing per directory: site, d0–d11 and the four "deeper" ones.
        Assert.Equal(1 + 12 + 4, emulator.Server.Counters["ListFilesAndDirectories"]);
    }

    [Fact]
    public async Task Files_the_index_cannot_vouch_for_have_their_properties_read_together()
    {
        var names = Enumerable.Range(0, 20).Select(i => $"flat/f{i}.txt").ToList();
        var (share, md5s) = await ShareWithAsync(names);
        await FilesSupport.RawFile(emulator, share, "site/" + FileShareIndex.FileName).DeleteAsync();
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false);

        var listed = await OverlappingAsync("GetFileProperties", null, () => StoreTestKit.ListAsync(store));

        Assert.Equal(names.Count, listed.Count);
        Assert.All(listed, kv => Assert.Equal(md5s[kv.Key], kv.Value.ContentMd5));
        Assert.Equal(names.Count, emulator.Server.Counters["GetFileProperties"]);
    }

    [Fact]
    public async Task A_directory_that_cannot_be_listed_fails_the_listing_instead_of_shortening_it()
    {
        var names = Enumerable.Range(0, 16).Select(i => $"d{i % 8}/f{i}.txt").ToList();
        var (share, _) = await ShareWithAsync(names);
        emulator.Server.Options.ServerBusy = path => path == $"{share}/site/d5";
        var options = FilesSupport.With(maxRetries: 1);
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false, options: options);

        var e = await Assert.ThrowsAsync<StoreException>(() => StoreTestKit.ListAsync(store));

        Assert.Equal(StoreErrorKind.Failed, e.Kind);
        Assert.Contains("ServerBusy", e.Message);
    }

    /// <summary>Every entry the run's listing hands on, keyed by path: a path listed twice fails the test.</summary>
    private static async Task<Dictionary<string, StoreEntry>> ListEveryTargetAsync(IStore store, string[] targets)
    {
        var entries = new Dictionary<string, StoreEntry>(StringComparer.Ordinal);
        await RemoteIndex.ListAsync(store, [.. targets.Select(Target)], (entry, _) =>
        {
            lock (entries) entries.Add(entry.Path, entry);
            return ValueTask.CompletedTask;
        }, default);
        return entries;
    }

    private static Mapping Target(string target) => new("unused", Mapping.DefaultInclude, [], target, HeaderRules.None);

    [Fact]
    public async Task Several_targets_are_listed_at_the_same_time_and_merged()
    {
        string[] targets = ["t1", "t2", "t3", "t4", "t5"];
        var names = targets.SelectMany(t => new[] { $"{t}/a.txt", $"{t}/b.txt" }).Append("elsewhere/c.txt").ToList();
        var (share, md5s) = await ShareWithAsync(names);
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false);

        // Each target is one directory, so only listings of different targets can overlap.
        var remote = await OverlappingAsync("ListFilesAndDirectories", null,
            () => ListEveryTargetAsync(store, targets));

        Assert.Equal(
            names.Where(n => !n.StartsWith("elsewhere/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            remote.Keys.Order(StringComparer.Ordinal));
        Assert.All(remote, kv => Assert.Equal(md5s[kv.Key], kv.Value.ContentMd5));
        Assert.Equal(targets.Length, emulator.Server.Counters["ListFilesAndDirectories"]);
    }

    [Fact]
    public async Task A_target_that_cannot_be_listed_fails_the_whole_index()
    {
        string[] targets = ["t1", "t2", "t3"];
        var (share, _) = await ShareWithAsync(targets.Select(t => $"{t}/a.txt"));
        emulator.Server.Options.ServerBusy = path => path == $"{share}/site/t2";
        var options = FilesSupport.With(maxRetries: 1);
        var store = await FilesSupport.NewStoreAsync(emulator, share, create: false, options: options);

        var e = await Assert.ThrowsAsync<StoreException>(() => ListEveryTargetAsync(store, targets));

        Assert.Contains("ServerBusy", e.Message);
    }
}

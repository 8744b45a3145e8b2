using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AzSync.EndToEnd.Tests.Support;
using AzSync.FilesEmulator;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// --shard K/N as a CI matrix uses it: the shards together write what one run writes, each file exactly once, and
/// the final unsharded run with --delete only deletes.
/// </summary>
[Trait("Needs", "azurite"), Trait("Needs", "node")]
public sealed class ShardTests : IAsyncLifetime, IDisposable
{
    private const int Shards = 3;
    private readonly E2eTempDir _dir = new();
    private Azurite _azurite = null!;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 36; i++) _dir.WriteSource($"{(i % 4 == 0 ? "" : $"d{i % 4}/")}page-{i}.html", $"page {i}");
        _dir.WriteSource("odd name #1.txt", "odd");
        _azurite = await Azurite.StartAsync();
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Shards_to_a_folder_write_each_file_once_and_the_final_run_only_deletes()
    {
        var single = Path.Combine(_dir.Root, "single");
        var sharded = Path.Combine(_dir.Root, "sharded");
        foreach (var destination in new[] { single, sharded }) Seed(destination, "old/stale.txt");
        (await Run.AzSync("sync", _dir.Source, single, "--delete", "--max-delete", "1")).ShouldExit(0);

        var reports = new List<Report>();
        for (var k = 1; k <= Shards; k++)
        {
            var shard = $"{k}/{Shards}";
            reports.Add(await ShardAsync(k, r => ["sync", _dir.Source, sharded, "--shard", shard, "--report", r]));
        }
        AssertEachFileWrittenOnce(reports);
        Assert.True(File.Exists(Path.Combine(sharded, "old/stale.txt")), "a shard must not delete");

        var final = Report.Parse((await Run.AzSync("sync", _dir.Source, sharded, "--delete", "-o", "json"))
            .ShouldExit(0).StdOut);
        Assert.Equal(0, final.Total("uploaded"));
        Assert.Equal(["old/stale.txt"], final.PathsWith("delete"));
        Assert.Equal(Contents(single), Contents(sharded));
    }

    [Fact]
    public async Task Shards_run_together_to_blob_produce_the_single_runs_container()
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };
        foreach (var container in new[] { "single", "sharded" })
        {
            await _azurite.CreateContainerAsync(container);
            await _azurite.PutBlobAsync(container, "old/stale.txt", "left from an earlier deploy");
        }
        (await AzSyncProcess.Default.RunAsync([.. Blob("single"), "--delete", "--max-delete", "1"], environment: env))
            .ShouldExit(0);

        // As a matrix runs them: at the same time, against one container.
        var reports = await Task.WhenAll(Enumerable.Range(1, Shards).Select(k => ShardAsync(k,
            report => [.. Blob("sharded"), "--shard", $"{k}/{Shards}", "--report", report], env)));
        AssertEachFileWrittenOnce(reports);

        var last = await AzSyncProcess.Default.RunAsync([.. Blob("sharded"), "--delete", "-o", "json"], null, env);
        var final = Report.Parse(last.ShouldExit(0).StdOut);
        Assert.Equal(0, final.Total("uploaded"));
        Assert.Equal(["old/stale.txt"], final.PathsWith("delete"));
        var expected = await _azurite.ReadContainerAsync("single");
        var actual = await _azurite.ReadContainerAsync("sharded");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, content) in expected) Assert.Equal(content, actual[name]);
    }

    [Fact]
    public async Task On_files_two_spellings_of_one_name_fall_in_one_shard_whose_plan_reports_the_clash()
    {
        // A pair that hashing the names as spelled would split across two shards: each would then write "its" file,
        // the second overwriting the first, as the share matches names without case.
        var (lower, upper) = Enumerable.Range(0, 100).Select(i => ($"case-{i}.txt", $"CASE-{i}.txt"))
            .First(p => OrdinalShard(p.Item1, 2) != OrdinalShard(p.Item2, 2));
        var source = Path.Combine(_dir.Root, "cased");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, lower), "lower");
        File.WriteAllText(Path.Combine(source, upper), "upper");
        await using var files = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0 });
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_KEY"] = files.Options.AccountKey };
        var url = $"{files.BaseUri.AbsoluteUri.TrimEnd('/')}/share/site";

        var runs = new List<(AzSyncResult Result, Report Report)>();
        for (var k = 1; k <= 2; k++)
        {
            var report = Path.Combine(_dir.Root, $"files-{k}.json");
            var result = await AzSyncProcess.Default.RunAsync(["sync", source, url, "--destination-type", "file",
                "--create-container", "--shard", $"{k}/2", "--report", report], null, env);
            runs.Add((result, Report.Load(report)));
        }

        var holder = Assert.Single(runs, r => r.Report.Files.Count > 0);
        Assert.Equal([upper, lower], holder.Report.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Single(holder.Report.Files, f => f.Status == "uploaded");
        Assert.Contains("case-insensitive", holder.Report.Files.Single(f => f.Status != "uploaded").Reason);
        Assert.Single(await files.ReadSyncedFilesAsync("share", "site"));
        Assert.Equal(1, holder.Result.ShouldExit(1).ExitCode);
        Assert.Single(runs, r => r.Result.ExitCode == 0);
    }

    /// <summary>The shard a name would fall in were it hashed as spelled.</summary>
    private static int OrdinalShard(string path, int count) =>
        (int)(BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(path))) % (ulong)count);

    [Fact]
    public async Task A_sharded_delete_is_refused_before_anything_is_written()
    {
        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--shard", "1/3", "--delete"))
            .ShouldExit(5);

        Assert.Contains("--shard 1/3 with --delete", result.StdErr);
        Assert.Contains("unsharded run with --delete", result.StdErr);
        Assert.False(Directory.Exists(_dir.Destination), "nothing may be written");
    }

    [Fact]
    public async Task A_manifests_delete_is_left_to_the_final_unsharded_run()
    {
        Seed(_dir.Destination, "stale.txt");
        var manifest = Path.Combine(_dir.Root, "azsync.yaml");
        File.WriteAllText(manifest, "version: 1\ndestination: dst\ndelete: true\nmappings:\n  - source: src\n");
        var written = new List<Report>();
        for (var k = 1; k <= Shards; k++)
        {
            var report = Path.Combine(_dir.Root, $"m{k}.json");
            var shard = $"{k}/{Shards}";
            var result = (await Run.AzSync("sync", "--manifest", manifest, "--shard", shard, "--report", report))
                .ShouldExit(0);
            Assert.Contains($"--shard {shard}: the manifest's 'delete: true' is left to the final unsharded run",
                result.StdErr);
            written.Add(Report.Load(report));
        }
        AssertEachFileWrittenOnce(written);
        Assert.True(File.Exists(_dir.Dst("stale.txt")));

        var final = Report.Parse((await Run.AzSync("sync", "--manifest", manifest, "-o", "json")).ShouldExit(0).StdOut);
        Assert.Equal(["stale.txt"], final.PathsWith("delete"));
        Assert.Equal(0, final.Total("uploaded"));
    }

    [Theory]
    [InlineData("0/3", "K must be between 1 and N")]
    [InlineData("4/3", "K must be between 1 and N")]
    [InlineData("x/y", "is not K/N")]
    [InlineData("1/0", "N, the number of jobs, must be at least 1")]
    [InlineData("2", "is not K/N")]
    public async Task A_bad_shard_spec_is_a_usage_error_naming_it(string spec, string problem)
    {
        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--shard", spec)).ShouldExit(5);

        Assert.Contains($"--shard '{spec}'", result.StdErr);
        Assert.Contains(problem, result.StdErr);
        Assert.False(Directory.Exists(_dir.Destination));
    }

    private string[] Blob(string container) =>
        ["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl(container)];

    private async Task<Report> ShardAsync(int k, Func<string, string[]> args,
        IReadOnlyDictionary<string, string?>? env = null)
    {
        var report = Path.Combine(_dir.Root, $"shard-{k}-{Guid.NewGuid():N}.json");
        (await AzSyncProcess.Default.RunAsync(args(report), environment: env)).ShouldExit(0);
        return Report.Load(report);
    }

    /// <summary>Every selected file uploaded by exactly one shard, and every shard doing some of the work.</summary>
    private void AssertEachFileWrittenOnce(IReadOnlyList<Report> reports)
    {
        var written = reports.SelectMany(r => r.Files.Where(f => f.Status == "uploaded").Select(f => f.Path)).ToList();
        var selected = Directory.EnumerateFiles(_dir.Source, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_dir.Source, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(selected, written.Order(StringComparer.Ordinal));
        Assert.All(reports, r => Assert.True(r.Total("uploaded") > 0, $"a shard wrote nothing:\n{r}"));
        Assert.All(reports, r => Assert.Equal(0, r.Total("deleted")));
    }

    private static void Seed(string destination, string relative)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(destination, relative))!);
        File.WriteAllText(Path.Combine(destination, relative), "left from an earlier deploy");
    }

    private static SortedDictionary<string, string> Contents(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != ".azsync-index.json")
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), TreeSnapshot.HashOf),
            StringComparer.Ordinal);
}

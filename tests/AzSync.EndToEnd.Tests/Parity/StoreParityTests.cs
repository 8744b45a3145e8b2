using System.Text;
using AzSync.EndToEnd.Tests.Support;
using AzSync.FilesEmulator;
using AzSync.Testing;
using AzSync.Testing.CaseFolding;

namespace AzSync.EndToEnd.Tests.Parity;

/// <summary>
/// One scenario script, run through the built tool against a local folder, Blob on Azurite and Files on the
/// emulator, each checked against the same expected outcome: exit codes, the report's per-file actions and what
/// another client reads back from the destination. Where stores legitimately differ, the expectation is derived from
/// the features the store declares (never from which store it is).
/// </summary>
[Trait("Needs", "azurite"), Trait("Needs", "fuse")]
public sealed class StoreParityTests : IDisposable
{
    private const string CacheControl = "public, max-age=60";
    private const string TextType = "text/x-parity";

    private static readonly string[] OddNames =
        ["odd/a b.txt", "odd/ünï cödé.txt", "odd/hash#1.txt", "odd/pct%41.txt", "odd/plus+1.txt"];

    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>"local-ci" is a local folder that matches names without case (a FUSE passthrough on Linux): the same
    /// store type as "local", with the other feature value, so the expectations follow the feature.</summary>
    public static TheoryData<string> Stores => ["local", "local-ci", "blob", "files"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task One_script_has_one_outcome_on_every_store(string kind)
    {
        await using var target = await OpenAsync(kind);
        var features = await target.FeaturesAsync();
        WriteManifest(target.Destination);

        // 1. Everything is new.
        var first = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["index.html"] = "<p>home</p>",
            ["Page.html"] = "page",
            ["gone.txt"] = "to be deleted",
            ["keep.txt"] = "kept",
            ["swap"] = "a file that becomes a folder",
            ["dir/x.txt"] = "a folder that becomes a file",
            ["conflict.txt"] = "ours, first",
        };
        foreach (var name in OddNames) first[name] = $"odd: {name}";
        WriteSource(first);
        var run1 = await Sync(target, "--create-container");
        AssertRun(run1, 0, first.Keys.Select(p => (p, "upload-new", "uploaded")));
        await AssertDestination(target, first);
        foreach (var path in first.Keys.Where(p => p.EndsWith(".txt", StringComparison.Ordinal)))
            await AssertHeaders(target, path);

        // 2. Changed, new, deleted, a case-only rename and both swaps in one run.
        var second = new Dictionary<string, string>(first, StringComparer.Ordinal)
        {
            ["index.html"] = "<p>home, edited</p>",
            ["new.txt"] = "new",
            ["swap/inner.txt"] = "now a folder",
            ["dir"] = "now a file",
            ["page.html"] = "page",
        };
        foreach (var gone in new[] { "gone.txt", "Page.html", "swap", "dir/x.txt" }) second.Remove(gone);
        ResetSource(second);
        var run2 = await Sync(target);
        List<(string, string, string)> expected =
        [
            ("index.html", "upload-changed", "uploaded"), ("new.txt", "upload-new", "uploaded"),
            ("gone.txt", "delete", "deleted"),
            ("swap", "delete", "deleted"), ("swap/inner.txt", "upload-new", "uploaded"),
            ("dir/x.txt", "delete", "deleted"), ("dir", "upload-new", "uploaded"),
        ];
        // Where names match without case, 'page.html' is the file already there as 'Page.html' with the same
        // content: nothing to send and nothing to delete, and the destination keeps its spelling.
        expected.AddRange(features.CaseInsensitiveNames
            ? [("page.html", "unchanged", "unchanged")]
            : [("page.html", "upload-new", "uploaded"), ("Page.html", "delete", "deleted")]);
        expected.AddRange(second.Keys.Where(p => !expected.Any(e => e.Item1 == p)).Select(Unchanged));
        AssertRun(run2, 0, expected);
        var afterSecond = new Dictionary<string, string>(second, StringComparer.Ordinal);
        if (features.CaseInsensitiveNames && afterSecond.Remove("page.html", out var page))
            afterSecond.Add("Page.html", page);
        await AssertDestination(target, afterSecond);
        await AssertHeaders(target, "new.txt");
        await AssertHeaders(target, "swap/inner.txt");

        // 3. The delete guard: a source emptied but for one file would delete the rest; the run stops before
        // changing anything.
        ResetSource(new() { ["index.html"] = second["index.html"] });
        var guarded = await Sync(target, "--max-delete", "1");
        Assert.True(guarded.Result.ExitCode == 4, guarded.Result.ToString());
        await AssertDestination(target, afterSecond);
        ResetSource(second);

        // 4. Two source files whose names differ only in case: two files where names keep case; where they match
        // without case, one name, so the first in ordinal order is written and the other fails with the reason.
        ResetSource(new(second, StringComparer.Ordinal) { ["Readme.md"] = "title case", ["README.md"] = "upper case" });
        var spelledRun = await Sync(target);
        var spelled = second.Keys.Select(Unchanged).Append(("README.md", "upload-new", "uploaded"));
        spelled = features.CaseInsensitiveNames
            ? spelled.Append(("Readme.md", "error", "failed"))
            : spelled.Append(("Readme.md", "upload-new", "uploaded"));
        AssertRun(spelledRun, features.CaseInsensitiveNames ? 1 : 0, spelled);
        if (features.CaseInsensitiveNames)
            Assert.Contains("would be the same file", spelledRun.Report.Files.Single(f => f.Path == "Readme.md").Reason,
                StringComparison.Ordinal);
        var withSpellings = new Dictionary<string, string>(afterSecond, StringComparer.Ordinal)
        {
            ["README.md"] = "upper case",
        };
        if (!features.CaseInsensitiveNames) withSpellings["Readme.md"] = "title case";
        await AssertDestination(target, withSpellings);
        ResetSource(second);
        var tidied = await Sync(target);
        var spellingsGone = withSpellings.Keys.Where(p => p.Equals("readme.md", StringComparison.OrdinalIgnoreCase));
        AssertRun(tidied, 0, second.Keys.Select(Unchanged).Concat(spellingsGone.Select(p => (p, "delete", "deleted"))));
        await AssertDestination(target, afterSecond);

        // 5. Another writer replaces a file between the tool's listing and its write: a conflict, their file kept.
        if (target.Endpoint is not { } endpoint)
            // A local folder offers no request to hold from outside the tool, so its window cannot be opened
            // without timing; the local store's conditional replace is covered by its own tests.
            return;
        await using var proxy = await FaultProxy.StartAsync(endpoint);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.Hold = request =>
        {
            // The first request that would change the file (Put Blob; on Files the lease taken before the rename) comes
            // after the listing and before the store checks the file is still the one listed.
            if (request.Method is "GET" or "HEAD") return Task.CompletedTask;
            if (!request.Path.Value!.EndsWith("/conflict.txt", StringComparison.Ordinal)) return Task.CompletedTask;
            held.TrySetResult();
            return release.Task;
        };
        File.WriteAllText(_dir.Src("conflict.txt"), "ours, second");
        File.Delete(ReportPath);
        var run = AzSyncProcess.Default.Start(
            ["sync", "--manifest", Manifest, target.DestinationVia(proxy.Endpoint)!, "--report", ReportPath,
                .. target.Args],
            environment: target.Environment);
        await held.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await target.WriteAsOtherAsync("conflict.txt", Encoding.UTF8.GetBytes("theirs"));
        release.SetResult();
        var conflicted = (await run.WaitAndDisposeAsync(TimeSpan.FromMinutes(3)), Report.Load(ReportPath));
        // The report names files as the source spells them.
        var expectedConflict = second.Keys.Where(p => p != "conflict.txt").Select(Unchanged)
            .Append(("conflict.txt", "upload-changed", "conflict"));
        AssertRun(conflicted, 1, expectedConflict);
        afterSecond["conflict.txt"] = "theirs";
        await AssertDestination(target, afterSecond);
    }

    private string Manifest => Path.Combine(_dir.Root, "azsync.yaml");
    private string ReportPath => Path.Combine(_dir.Root, "report.json");

    private void WriteManifest(string destination) => File.WriteAllText(Manifest, $"""
        version: 1
        destination: "{destination}"
        delete: true
        maxDelete: 100%
        mappings:
          - source: src
            cacheControl: "{CacheControl}"
            contentType: {"{"} ".txt": "{TextType}" {"}"}
        """);

    private async Task<(AzSyncResult Result, Report Report)> Sync(ParityTarget target, params string[] args)
    {
        File.Delete(ReportPath);
        var result = await AzSyncProcess.Default.RunAsync(
            ["sync", "--manifest", Manifest, "--report", ReportPath, .. target.Args, .. args],
            environment: target.Environment);
        return (result, File.Exists(ReportPath) ? Report.Load(ReportPath) : null!);
    }

    private static void AssertRun((AzSyncResult Result, Report Report) run, int exitCode,
        IEnumerable<(string Path, string Action, string Status)> expected)
    {
        Assert.True(run.Result.ExitCode == exitCode, run.Result.ToString());
        var actual = run.Report.Files.Select(f => $"{f.Path}: {f.Action}, {f.Status}").Order(StringComparer.Ordinal);
        Assert.Equal(expected.Select(e => $"{e.Path}: {e.Action}, {e.Status}").Order(StringComparer.Ordinal), actual);
    }

    /// <summary>The destination holds exactly these files, spelled as given, as another client reads them.</summary>
    private static async Task AssertDestination(ParityTarget target, IReadOnlyDictionary<string, string> files)
    {
        var actual = await target.ReadAsync();
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, content) in files) Assert.Equal(content, Encoding.UTF8.GetString(actual[path]));
    }

    private static async Task AssertHeaders(ParityTarget target, string path)
    {
        // A local folder has nowhere to keep headers; Blob and Files serve what the manifest said.
        if (await target.HeadersAsync(path) is not { } headers) return;
        Assert.Equal((TextType, CacheControl), headers);
    }

    private static (string, string, string) Unchanged(string path) => (path, "unchanged", "unchanged");

    private void WriteSource(Dictionary<string, string> files)
    {
        foreach (var (path, content) in files) _dir.WriteSource(path, content);
    }

    private void ResetSource(Dictionary<string, string> files)
    {
        Directory.Delete(_dir.Source, recursive: true);
        Directory.CreateDirectory(_dir.Source);
        WriteSource(files);
    }

    private async Task<ParityTarget> OpenAsync(string kind) => kind switch
    {
        "local" => new LocalTarget(_dir.Destination),
        "local-ci" => new LocalTarget(CaseInsensitiveMount.Create()),
        "blob" => new BlobTarget(await Azurite.StartAsync(), "parity"),
        _ => new FilesTarget(
            await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0 }), "parity", "site"),
    };
}

using System.Text;
using System.Text.Json;
using AzSync.EndToEnd.Tests.Support;
using AzSync.FilesEmulator;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>
/// The real tool against the Files emulator, stopped at chosen requests: the emulator holds one request of the
/// run until the test has done its part (killed the tool, changed a source file), then lets it go.
/// </summary>
[Trait("Needs", "node")]
public sealed class FilesLeaseEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly E2eTempDir _dir = new();
    private FilesEmulatorServer _server = null!;
    private readonly string _share = "s" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync() =>
        _server = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private string Url => $"{_server.BaseUri.AbsoluteUri.TrimEnd('/')}/{_share}/site";

    private static string[] Args(params string[] args) => [.. args, "--destination-type", "file", "-o", "json"];

    private Dictionary<string, string?> Env => new() { ["AZURE_STORAGE_KEY"] = _server.Options.AccountKey };

    private Task<AzSyncResult> Run(params string[] args) => AzSyncProcess.Default.RunAsync(Args(args),
        environment: Env);

    private static JsonElement Totals(AzSyncResult r) => JsonDocument.Parse(r.StdOut).RootElement.GetProperty("totals");

    /// <summary>
    /// Holds the <paramref name="nth"/> request whose path ("share/dir/file") matches until released; the task
    /// completes when it arrives. <paramref name="drop"/> then answers it 503 instead of applying it, as if the
    /// client had died before the request reached the service.
    /// </summary>
    private (Task Reached, System.Action Release) Hold(Func<string, bool> matches, int nth = 1, bool drop = false)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new ManualResetEventSlim();
        var seen = 0;
        _server.Options.ServerBusy = path =>
        {
            if (matches(path) && Interlocked.Increment(ref seen) == nth)
            {
                reached.TrySetResult();
                gate.Wait(TimeSpan.FromMinutes(2));
                return drop;
            }
            return false;
        };
        return (reached.Task, () => { _server.Options.ServerBusy = null; gate.Set(); });
    }

    private async Task FirstSyncAsync(params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files) _dir.WriteSource(path, content);
        var first = await Run("sync", _dir.Source, Url, "--create-container");
        Assert.True(first.ExitCode == 0, first.ToString());
    }

    [Fact]
    public async Task A_run_killed_while_it_holds_a_lease_is_followed_by_one_that_releases_it_converges_and_says_so()
    {
        await FirstSyncAsync(("page.html", "<p>v1</p>"), ("other.txt", "other"));

        // The second run leases page.html to replace it and is killed before its rename over it lands.
        _dir.WriteSource("page.html", "<p>v2, longer</p>");
        var (reached, release) = Hold(path => path == $"{_share}/site/page.html", nth: 2, drop: true);
        using (var run = AzSyncProcess.Default.Start(Args("sync", _dir.Source, Url), environment: Env))
        {
            await reached.WaitAsync(AzSyncProcess.DefaultTimeout);
            run.Kill();
            await run.WaitAsync(AzSyncProcess.DefaultTimeout);
        }
        release();
        var left = await _server.ReadSyncedFilesAsync(_share, "site");
        Assert.Equal("<p>v1</p>", Encoding.UTF8.GetString(left["page.html"]));
        Assert.Contains(left.Keys, k => k.StartsWith(".azsync-tmp-",
            StringComparison.Ordinal)); // the killed run's marker

        var next = await Run("sync", _dir.Source, Url);
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(1, Totals(next).GetProperty("uploaded").GetInt32());
        Assert.Contains("note: released the lease an interrupted azsync run left on 'site/page.html'.", next.StdErr);
        var now = await _server.ReadSyncedFilesAsync(_share, "site");
        Assert.Equal(["other.txt", "page.html"], now.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("<p>v2, longer</p>", Encoding.UTF8.GetString(now["page.html"]));

        // No lease is left behind: another replacement takes its own lease without meeting one.
        _dir.WriteSource("page.html", "<p>v3</p>");
        var third = await Run("sync", _dir.Source, Url);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.DoesNotContain("note:", third.StdErr);
        var plan = await Run("plan", _dir.Source, Url, "--detailed-exitcode");
        Assert.True(plan.ExitCode == 0, plan.ToString());
    }

    [Fact]
    public async Task A_source_changed_between_hashing_and_upload_is_changed_while_syncing_and_the_old_file_stays()
    {
        await FirstSyncAsync(("data.bin", "version one"));

        // The plan hashed version two; the bytes change (same size) before the upload reads them.
        _dir.WriteSource("data.bin", "version two");
        var (reached, release) = Hold(path => path.StartsWith($"{_share}/site/.azsync-tmp-", StringComparison.Ordinal));
        var run = AzSyncProcess.Default.Start(Args("sync", _dir.Source, Url), environment: Env);
        await reached.WaitAsync(AzSyncProcess.DefaultTimeout);
        _dir.WriteSource("data.bin", "version 3!!");
        release();
        var changed = await run.WaitAndDisposeAsync(AzSyncProcess.DefaultTimeout);

        Assert.True(changed.ExitCode == 1, changed.ToString());
        Assert.Contains("changed while syncing", changed.StdOut + changed.StdErr);
        var after = await _server.ReadSyncedFilesAsync(_share, "site");
        Assert.Equal(["data.bin"], after.Keys);
        Assert.Equal("version one", Encoding.UTF8.GetString(after["data.bin"]));

        var again = await Run("sync", _dir.Source, Url);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("version 3!!", Encoding.UTF8.GetString((await _server.ReadSyncedFilesAsync(_share,
            "site"))["data.bin"]));
        var plan = await Run("plan", _dir.Source, Url, "--detailed-exitcode");
        Assert.True(plan.ExitCode == 0, plan.ToString());
    }

    /// <summary>Sets the ReadOnly attribute on a file through the official JS SDK, as an SMB user might have.</summary>
    private async Task MakeReadOnlyAsync(string path)
    {
        const string script = """
            const f = require('@azure/storage-file-share');
            const [, url, account, key, share, dir, name] = process.argv;
            new f.ShareServiceClient(url, new f.StorageSharedKeyCredential(account, key)).getShareClient(share)
              .getDirectoryClient(dir).getFileClient(name).setProperties({ fileAttributes: 'ReadOnly' })
              .catch(e => { console.error(e.message); process.exit(1); });
            """;
        var result = await ChildProcess.RunAsync("node",
            ["-e", script, _server.BaseUri.AbsoluteUri, _server.Options.AccountName, _server.Options.AccountKey,
                _share, "site", path],
            Path.Combine(RepoPaths.Root, "tools", "node"));
        Assert.True(result.ExitCode == 0, result.All);
    }

    [Fact]
    public async Task A_read_only_file_is_refused_with_its_reason_and_replaced_with_ignore_readonly()
    {
        await FirstSyncAsync(("locked.txt", "old"), ("free.txt", "free"));
        await MakeReadOnlyAsync("locked.txt");
        _dir.WriteSource("locked.txt", "new");
        _dir.WriteSource("free.txt", "free, changed");

        var refused = await AzSyncProcess.Default.RunAsync(["sync", _dir.Source, Url, "--destination-type", "file"],
            environment: Env);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        const string reason = "'locked.txt' has the ReadOnly attribute at the destination; not replaced.";
        Assert.Contains(reason + " Pass --ignore-readonly", refused.StdErr);
        var after = await _server.ReadSyncedFilesAsync(_share, "site");
        Assert.Equal("old", Encoding.UTF8.GetString(after["locked.txt"]));
        Assert.Equal("free, changed", Encoding.UTF8.GetString(after["free.txt"])); // refused per file, not per run

        var forced = await Run("sync", _dir.Source, Url, "--ignore-readonly");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal("new", Encoding.UTF8.GetString((await _server.ReadSyncedFilesAsync(_share,
            "site"))["locked.txt"]));
    }
}

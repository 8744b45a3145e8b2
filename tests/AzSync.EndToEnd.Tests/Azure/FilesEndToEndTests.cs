using System.Text.Json;
using AzSync.EndToEnd.Tests.Support;
using AzSync.FilesEmulator;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>A fresh Files emulator and temporary tree per test, and the real tool run against it. The Files
/// end-to-end tests are split over a few classes of this kind so that xunit runs them side by side.</summary>
public abstract class FilesEmulatorTest : IAsyncLifetime, IDisposable
{
    protected E2eTempDir Dir { get; } = new();

    protected FilesEmulatorServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FilesEmulatorServer.StartAsync(
        new FilesEmulatorOptions { Port = 0 });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected Task<AzSyncResult> Run(params string[] args) => AzSyncProcess.Default.RunAsync(
        [.. args, "--destination-type", "file", "-o", "json"],
        environment: new Dictionary<string, string?> { ["AZURE_STORAGE_KEY"] = Server.Options.AccountKey });

    protected static JsonElement Totals(AzSyncResult r) =>
        JsonDocument.Parse(r.StdOut).RootElement.GetProperty("totals");
}

/// <summary>The real tool against the Files emulator: sync, an unchanged re-sync that trusts the index,
/// delete.</summary>
public sealed class FilesEndToEndTests : FilesEmulatorTest
{
    [Fact]
    public async Task Sync_resync_and_delete_against_a_share()
    {
        Dir.WriteSource("index.html", "<p>files</p>");
        Dir.WriteSource("a/b/c.txt", "deep");
        Dir.WriteSource("trailing.", "dot");
        var url = $"{Server.BaseUri.AbsoluteUri.TrimEnd('/')}/share/site";

        var first = await Run("sync", Dir.Source, url, "--create-container");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(3, Totals(first).GetProperty("uploaded").GetInt32());
        Assert.DoesNotContain(Server.Options.AccountKey, first.StdOut + first.StdErr);

        foreach (var f in Directory.GetFiles(Dir.Source, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(f, DateTime.UtcNow);
        var snapshot = Server.Counters.Snapshot();
        var propertiesBefore = Server.Counters["GetFileProperties"];
        var second = await Run("sync", Dir.Source, url);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(3, Totals(second).GetProperty("unchanged").GetInt32());
        Assert.Equal(propertiesBefore, Server.Counters["GetFileProperties"]);
        var delta = string.Join(", ", Server.Counters.Snapshot()
            .Where(kv => kv.Value != snapshot.GetValueOrDefault(kv.Key))
            .Select(kv => $"{kv.Key}+{kv.Value - snapshot.GetValueOrDefault(kv.Key)}")
            .Order(StringComparer.Ordinal));
        // The share check, then one listing per directory (site, a, b) and one index read: nothing per file,
        // nothing written.
        Assert.Equal("GetFile+1, ListFilesAndDirectories+4, x-ms-version 2025-11-05+5", delta);

        File.Delete(Dir.Src("a/b/c.txt"));
        var third = await Run("sync", Dir.Source, url, "--delete", "--max-delete", "100%");
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(1, Totals(third).GetProperty("deleted").GetInt32());
        var plan = await Run("plan", Dir.Source, url, "--delete", "--detailed-exitcode");
        Assert.True(plan.ExitCode == 0, plan.ToString());
    }

    [Fact]
    public async Task A_case_only_rename_with_delete_keeps_the_file_and_converges()
    {
        for (var i = 1; i <= 6; i++) Dir.WriteSource($"k{i}", $"{i}");
        Dir.WriteSource("Index.html", "page");
        Dir.WriteSource("Docs/guide.txt", "guide");
        var url = $"{Server.BaseUri.AbsoluteUri.TrimEnd('/')}/case/site";
        var first = await Run("sync", Dir.Source, url, "--create-container");
        Assert.True(first.ExitCode == 0, first.ToString());

        File.Move(Dir.Src("Index.html"), Dir.Src("index.html"));
        Directory.Move(Dir.Src("Docs"), Dir.Src("docs"));
        Dir.WriteSource("docs/guide.txt", "guide, edited");
        var second = await Run("sync", Dir.Source, url, "--delete");
        Assert.True(second.ExitCode == 0, second.ToString());
        var report = Report.Parse(second.StdOut);
        Assert.Equal(0, report.Total("deleted"));
        Assert.Equal(1, report.Total("uploaded"));
        Assert.Equal(
            "same MD5 (destination spells it 'Index.html')", report.Files.Single(f => f.Path == "index.html").Reason);

        // Both files are still there, the edited one with its new content: nothing to do, and nothing to delete.
        var plan = await Run("plan", Dir.Source, url, "--delete", "--detailed-exitcode");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var planned = Report.Parse(plan.StdOut);
        Assert.Equal(8, planned.PathsWith("unchanged").Count());
        Assert.Empty(planned.PathsWith("delete"));
    }
}

/// <summary>The real tool against the Files emulator: a file replaced by a folder and back.</summary>
public sealed class FilesSwapEndToEndTests : FilesEmulatorTest
{
    [Fact]
    public async Task A_file_replaced_by_a_folder_and_back_converges_with_delete()
    {
        Dir.WriteSource("x", "file");
        var url = $"{Server.BaseUri.AbsoluteUri.TrimEnd('/')}/share/site";
        Assert.Equal(0, (await Run("sync", Dir.Source, url, "--create-container")).ExitCode);

        File.Delete(Dir.Src("x"));
        Dir.WriteSource("x/y", "in a folder");
        var without = await Run("sync", Dir.Source, url);
        Assert.True(without.ExitCode == 1, without.ToString());
        Assert.Contains("is a file at the destination where the source has a folder", without.StdErr);

        System.Action[] replacements =
        [
            () => { },
            () => { Directory.Delete(Dir.Src("x"), true); Dir.WriteSource("x", "file again"); },
        ];
        foreach (var replace in replacements)
        {
            replace();
            var sync = await Run("sync", Dir.Source, url, "--delete", "--max-delete", "100%");
            Assert.True(sync.ExitCode == 0, sync.ToString());
            var plan = await Run("plan", Dir.Source, url, "--delete", "--detailed-exitcode");
            Assert.True(plan.ExitCode == 0, plan.ToString());
        }
    }
}

/// <summary>The real tool against the Files emulator: transfers in flight at once and ranges copied by the
/// service.</summary>
public sealed class FilesTransferEndToEndTests : FilesEmulatorTest
{
    [Fact]
    public async Task Transfers_overlap_well_beyond_eight_by_default_and_parallel_caps_them()
    {
        // The emulator holds each upload request until nine are waiting at once: the overlap is shown by a count
        // reached, not by answers slowed down and a peak that a busy machine may or may not produce.
        for (var i = 0; i < 48; i++) Dir.WriteSource($"f{i}.txt", $"file {i}");
        var root = Server.BaseUri.AbsoluteUri.TrimEnd('/');
        var gate = new OverlapGate(9);
        Server.Options.BeforeRun = (op, _, ct) =>
            op is "CreateFile" or "PutRange" ? gate.HoldAsync(op, "", ct) : Task.CompletedTask;
        AzSyncResult wide;
        try
        {
            // Only a tool that never has nine uploads in flight waits out this patience, and then fails below.
            wide = await gate.AroundAsync(Run("sync", Dir.Source, $"{root}/wide/site", "--create-container"),
                TimeSpan.FromSeconds(90));
        }
        finally
        {
            Server.Options.BeforeRun = null;
        }
        Assert.True(wide.ExitCode == 0, wide.ToString());
        Assert.True(gate.Reached.IsCompletedSuccessfully,
            $"never nine uploads in flight (held at most {gate.Held} at the end)");

        Server.Counters.Reset();
        var narrow = await Run("sync", Dir.Source, $"{root}/narrow/site", "--create-container", "--parallel", "2");
        Assert.True(narrow.ExitCode == 0, narrow.ToString());
        Assert.Equal(48, Totals(narrow).GetProperty("uploaded").GetInt32());
        Assert.InRange(Server.Counters.PeakInFlight, 1, 2);
        // One folder, created once however many transfers reach it first: a second request was a third in flight.
        Assert.Equal(1, Server.Counters["CreateDirectory"]);
    }

    [Fact]
    public async Task Sixty_four_bytes_changed_in_a_large_file_send_one_range_and_the_rest_is_copied_by_the_service()
    {
        var content = LargeContent.Bytes.AsSpan(0, 16 << 20).ToArray();
        Dir.WriteSource("data/big.bin", content);
        var url = $"{Server.BaseUri.AbsoluteUri.TrimEnd('/')}/delta/site";
        var first = await Run("sync", Dir.Source, url, "--create-container");
        Assert.True(first.ExitCode == 0, first.ToString());

        content.AsSpan(9 << 20, 64).Fill(0x5a);
        Dir.WriteSource("data/big.bin", content);
        var copiesBefore = Server.Counters["PutRangeFromURL"];
        var second = await Run("sync", Dir.Source, url);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(1, Totals(second).GetProperty("uploaded").GetInt32());
        Assert.Equal(1 << 20, Totals(second).GetProperty("bytesSent").GetInt64());
        Assert.True(
            Server.Counters["PutRangeFromURL"] > copiesBefore, "the unchanged ranges were not copied by the service");

        var plan = await Run("plan", Dir.Source, url, "--detailed-exitcode");
        Assert.True(plan.ExitCode == 0, plan.ToString());
    }
}

/// <summary>The real tool against the Files emulator over HTTPS with a token the chooser got from the fake Entra ID:
/// Azure Files takes tokens only with the backup intent and the privileged role.</summary>
[Trait("Needs", "azurite")]
public sealed class FilesTokenEndToEndTests : TokenTestBase
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_token_syncs_to_a_share_with_the_backup_intent_only_when_it_has_the_privileged_role(
        bool privileged)
    {
        await using var files = await World.StartFilesEmulatorAsync();
        Identity.Roles = privileged ? [files.Options.RequiredRoleForBearer!]
            : ["Storage File Data SMB Share Contributor"];
        const string clientId = "77777777-0000-0000-0000-000000000001";
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        Identity.AddClientSecret(clientId, secret);
        var url = $"{files.HttpsBaseUri!.AbsoluteUri.TrimEnd('/')}/share/site";
        var result = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "file", Dir.Source, url, "--create-container", "-v"],
            environment: Env(("AZURE_CLIENT_ID", clientId), ("AZURE_CLIENT_SECRET", secret)), timeout: RunTimeout);
        AssertNoToken(result, secret);
        if (!privileged)
        {
            Assert.True(result.ExitCode == 3, result.ToString());
            Assert.Contains("grant the 'Storage File Data Privileged Contributor' role", result.StdErr);
            return;
        }
        AssertUploaded(result, "spn", secret);
        // Every request, share-level ones included, carried the intent.
        var requests = files.Counters.Total;
        Assert.True(requests > 0);
        Assert.Equal(requests, files.Counters["x-ms-file-request-intent backup"]);
    }
}

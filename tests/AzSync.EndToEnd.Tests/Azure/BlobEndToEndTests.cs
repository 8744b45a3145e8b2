using System.Text.Json;
using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>The real tool against a real Azurite: each credential path, and no secret in anything it prints.</summary>
[Trait("Needs", "azurite"), Trait("Needs", "node")]
public sealed class BlobEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly E2eTempDir _dir = new();
    private Azurite _azurite = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _dir.WriteSource("index.html", "<h1>hi</h1>");
        _dir.WriteSource("css/site.css", "h1{}");
        _dir.WriteSource("big/data.bin", new byte[9 << 20]);
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private static void AssertNoSecret(AzSyncResult result, string secret, string? reportPath = null)
    {
        Assert.DoesNotContain(secret, result.StdOut + result.StdErr);
        Assert.DoesNotContain(Uri.EscapeDataString(secret), result.StdOut + result.StdErr);
        if (reportPath is not null) Assert.DoesNotContain(secret, File.ReadAllText(reportPath));
    }

    [Fact]
    public async Task A_connection_string_syncs_and_a_re_sync_sends_nothing()
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };
        var url = _azurite.ContainerUrl("site");
        var first = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source, url,
            "--create-container", "-o", "json"], environment: env);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(
            3, JsonDocument.Parse(first.StdOut).RootElement.GetProperty("totals").GetProperty("uploaded").GetInt32());

        foreach (var f in Directory.GetFiles(_dir.Source, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(f, DateTime.UtcNow);
        var second = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", _dir.Source, url, "-o", "json"], environment: env);
        Assert.True(second.ExitCode == 0, second.ToString());
        var totals = JsonDocument.Parse(second.StdOut).RootElement.GetProperty("totals");
        Assert.Equal(0, totals.GetProperty("uploaded").GetInt32());
        Assert.Equal(3, totals.GetProperty("unchanged").GetInt32());
        AssertNoSecret(first, Azurite.Key);
        AssertNoSecret(second, Azurite.Key);
    }

    [Fact]
    public async Task A_sas_in_the_url_never_appears_in_output_or_report()
    {
        // A container SAS cannot create its container: make it, empty, with the account key first.
        var empty = Directory.CreateDirectory(Path.Combine(_dir.Root, "empty")).FullName;
        var setup = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", empty, _azurite.ContainerUrl("sas"), "--create-container"],
            environment: new Dictionary<string, string?>
            {
                ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString,
            });
        Assert.True(setup.ExitCode == 0, setup.ToString());
        var sas = await _azurite.ContainerSasAsync("sas");
        var sig = Uri.UnescapeDataString(
            sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..]);
        var report = Path.Combine(_dir.Root, "report.json");
        var result = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source,
            $"{_azurite.ContainerUrl("sas")}?{sas}", "-v", "--report", report]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 uploaded", result.StdOut);
        Assert.Matches(
            @"stages: selection [0-9.]+ s \(3 files\), hashing [0-9.]+ s \(9\.0 MiB\), " +
            @"remote index [0-9.]+ s \(0 entries",
            result.StdErr);
        AssertNoSecret(result, sig, report);

        var readOnly = sas.Replace("sp=racwdl", "sp=rl");
        var denied = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", _dir.Source, $"{_azurite.ContainerUrl("sas")}?{readOnly}"]);
        Assert.NotEqual(0, denied.ExitCode);
        AssertNoSecret(denied, sig);
    }

    [Fact]
    public async Task A_missing_container_exits_5_with_the_hint_and_bad_keys_exit_3()
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };
        var missing = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("nothere")], environment: env);
        Assert.True(missing.ExitCode == 5, missing.ToString());
        Assert.Contains("Container 'nothere' does not exist", missing.StdErr);
        Assert.Contains("--create-container", missing.StdErr);

        var badKey = Convert.ToBase64String(new byte[64]);
        var bad = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("nothere")],
            environment: new Dictionary<string, string?> { ["AZURE_STORAGE_KEY"] = badKey });
        Assert.True(bad.ExitCode == 3, bad.ToString());
        AssertNoSecret(bad, badKey);
    }

    [Fact]
    public async Task A_bad_source_with_create_container_exits_5_and_creates_no_container()
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };
        var missingSource = Path.Combine(_dir.Root, "no-such-folder");
        var result = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", missingSource,
            _azurite.ContainerUrl("untouched"), "--create-container"],
            environment: env);
        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("no-such-folder", result.StdErr);
        Assert.False(await _azurite.ContainerExistsAsync("untouched"));
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("sync", "--dry-run")]
    public async Task A_preview_with_create_container_plans_against_an_empty_container_without_creating_it(
        params string[] command)
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };
        var container = "preview-" + command.Length;

        var result = await AzSyncProcess.Default.RunAsync([.. command, "--destination-type", "blob", _dir.Source,
            _azurite.ContainerUrl(container), "--create-container"],
            environment: env);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("does not exist yet; sync --create-container will create it", result.StdErr);
        Assert.Contains("3 new", result.StdOut);
        Assert.False(await _azurite.ContainerExistsAsync(container));
    }

    [Fact]
    public async Task A_cache_control_changed_in_the_manifest_rewrites_each_blob_once()
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };
        var manifest = Path.Combine(_dir.Root, "azsync.yaml");
        void Manifest(string cacheControl) => File.WriteAllText(manifest,
            $"version: 1\ndestination: {_azurite.ContainerUrl("headers")}\nmappings:\n" +
            $"  - source: src\n    cacheControl: \"{cacheControl}\"\n");
        Task<AzSyncResult> Run(params string[] args) =>
            AzSyncProcess.Default.RunAsync(
                [.. args, "--manifest", manifest, "--destination-type", "blob"], environment: env);
        Manifest("public, max-age=300");
        Assert.Equal(0, (await Run("sync", "--create-container")).ExitCode);

        Manifest("max-age=60");
        var plan = await Run("plan");
        var sync = await Run("sync", "-o", "json");
        var again = await Run("plan", "--detailed-exitcode");

        Assert.Contains("Cache-Control differs ('public, max-age=300' → 'max-age=60')", plan.StdOut);
        Assert.True(sync.ExitCode == 0, sync.ToString());
        Assert.Equal(
            3, JsonDocument.Parse(sync.StdOut).RootElement.GetProperty("totals").GetProperty("uploaded").GetInt32());
        Assert.All((await _azurite.CacheControlsAsync("headers")).Values, v => Assert.Equal("max-age=60", v));
        Assert.True(again.ExitCode == 0, again.ToString());
    }
}

using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// Destinations and CI files that cannot be used: each is named with its reason and a documented exit code, never
/// an "unexpected" error, and nothing is written where the user did not mean.
/// </summary>
public sealed class BadDestinationTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public BadDestinationTests() => _dir.WriteSource("a.txt", "a");

    public void Dispose() => _dir.Dispose();

    private static AzSyncResult Clean(AzSyncResult result)
    {
        Assert.DoesNotContain("unexpected", result.StdErr);
        return result;
    }

    [Fact]
    public async Task A_file_on_the_way_to_a_local_destination_is_named_before_anything_is_written()
    {
        var file = Path.Combine(_dir.Root, "afile");
        File.WriteAllText(file, "x");

        var below = Clean((await Run.AzSync("sync", _dir.Source, Path.Combine(file, "sub"))).ShouldExit(5));
        var itself = Clean((await Run.AzSync("sync", _dir.Source, file)).ShouldExit(5));

        Assert.Contains($"'{file}' is a file", below.StdErr);
        Assert.Contains("is a file, not a folder", itself.StdErr);
        Assert.DoesNotContain("failed:", below.StdErr); // refused up front, not once per file
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_destination_folder_that_cannot_be_created_fails_with_its_path()
    {
        if (!OperatingSystem.IsLinux()) return; // /proc refuses new folders even to root
        var result = Clean((await Run.AzSync("sync", _dir.Source, "/proc/azsync-cannot-exist/out")).ShouldExit(1));

        Assert.Contains("Could not finish writing to '/proc/azsync-cannot-exist/out'", result.StdErr);
    }

    [Theory]
    [InlineData("ftp://host/x", "'ftp' URLs are not supported")]
    [InlineData("s3://bucket/x", "'s3' URLs are not supported")]
    [InlineData("https://acct.blob.core.windows.net:99999/cont", "Invalid port specified")]
    [InlineData("https://", "not a valid URL")]
    [InlineData("http://[::1/devstoreaccount1/cont", "not a valid URL")]
    [InlineData("http://127.0.0.1:10004/devstoreaccount1/Share_Bad", "'Share_Bad' is not a valid share name")]
    [InlineData("http://127.0.0.1:10004/devstoreaccount1/share1/dir:bad", "'dir:bad' contains ':'")]
    public async Task A_destination_that_is_not_a_usable_url_exits_5_with_the_reason(string destination, string reason)
    {
        var result = Clean((await Run.AzSyncIn(_dir.Root, "sync", _dir.Source, destination)).ShouldExit(5));

        Assert.Contains(reason, result.StdErr);
        // Nothing was taken for a local folder ("ftp:/host/x") and created.
        Assert.Equal(
            [Path.GetFileName(_dir.Source)], Directory.EnumerateFileSystemEntries(_dir.Root).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("SOURCE is empty", "", "DEST")]
    [InlineData("DESTINATION is empty", "SRC", "")]
    [InlineData("--report needs a file name", "SRC", "DEST", "--report", "")]
    public async Task An_empty_argument_is_a_usage_error_before_any_work(string message, params string[] args)
    {
        var resolved = args.Select(a => a switch { "SRC" => _dir.Source, "DEST" => _dir.Destination, _ => a })
            .Prepend("sync").ToArray();

        var result = Clean((await Run.AzSync(resolved)).ShouldExit(5));

        Assert.Contains(message, result.StdErr);
        Assert.False(Directory.Exists(_dir.Destination));
    }

    [Theory]
    [InlineData("GITHUB_STEP_SUMMARY")]
    [InlineData("GITHUB_OUTPUT")]
    [InlineData("RUNNER_TEMP")]
    public async Task A_runner_file_that_cannot_be_written_names_its_variable(string variable)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["RUNNER_TEMP"] = _dir.Root,
            ["GITHUB_OUTPUT"] = Path.Combine(_dir.Root, "out"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(_dir.Root, "summary"),
        };
        environment[variable] = Path.Combine(_dir.Root, "missing-folder", "file");

        var result = Clean((await AzSyncProcess.Default.RunAsync(
            ["plan", _dir.Source, _dir.Destination], environment: environment)).ShouldExit(1));

        Assert.Contains($"(from {variable})", result.StdErr);
    }

    [Fact]
    public async Task An_empty_runner_temp_does_not_put_the_report_in_the_working_directory()
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["RUNNER_TEMP"] = "",
            ["GITHUB_OUTPUT"] = Path.Combine(_dir.Root, "out"),
        };

        (await AzSyncProcess.Default.RunAsync(["plan", _dir.Source, _dir.Destination], _dir.Root, environment))
            .ShouldExit(0);

        var report = File.ReadAllLines(Path.Combine(_dir.Root, "out"))
            .Single(l => l.StartsWith("report=", StringComparison.Ordinal))["report=".Length..];
        Assert.True(File.Exists(report), report);
        Assert.NotEqual(_dir.Root, Path.GetDirectoryName(report));
        File.Delete(report);
    }

    [Fact]
    public async Task A_manifest_may_name_an_emulator_on_another_host_and_the_run_asks_for_allow_http()
    {
        var manifest = Path.Combine(_dir.Root, "azsync.yaml");
        File.WriteAllText(manifest, "version: 1\ndestination: http://azurite.invalid:10000/devstoreaccount1/site\n" +
            "mappings:\n  - source: src\n");

        var validate = Clean((await Run.AzSync("manifest", "validate", manifest)).ShouldExit(0));
        var run = Clean((await Run.AzSync("plan", "--manifest", manifest, "--destination-type", "blob")).ShouldExit(5));

        Assert.Contains("runs need --allow-http", validate.StdErr);
        Assert.Contains("pass --allow-http", run.StdErr);
    }
}

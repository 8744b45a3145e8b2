using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>How the destination path is written and where it sits relative to the source.</summary>
public sealed class DestinationPathTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public DestinationPathTests()
    {
        _dir.WriteSource("a.txt", "a");
        _dir.WriteSource("sub/b.txt", "b");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_trailing_slash_on_either_folder_changes_nothing()
    {
        (await Run.AzSync("sync", _dir.Source + "/", _dir.Destination + "/")).ShouldExit(0);

        Assert.Equal(["a.txt", "sub/b.txt"], _dir.DestinationFiles());
        (await Run.AzSync("plan", _dir.Source, _dir.Destination, "--detailed-exitcode")).ShouldExit(0);
    }

    [Fact]
    public async Task Plan_and_dry_run_do_not_create_a_missing_destination_but_sync_does()
    {
        var nested = Path.Combine(_dir.Destination, "x", "y");

        var plan = (await Run.AzSync("plan", _dir.Source, nested)).ShouldExit(0);
        (await Run.AzSync("sync", _dir.Source, nested, "--dry-run")).ShouldExit(0);

        Assert.Contains("Plan: 2 new", plan.StdOut);
        Assert.False(Directory.Exists(_dir.Destination), "plan or --dry-run created the destination");

        (await Run.AzSync("sync", _dir.Source, nested)).ShouldExit(0);
        Assert.Equal("b", File.ReadAllText(Path.Combine(nested, "sub", "b.txt")));
    }

    [Fact]
    public async Task A_destination_inside_the_source_is_refused()
    {
        var inside = _dir.Src("out");

        var result = (await Run.AzSync("sync", _dir.Source, inside)).ShouldExit(5);
        var same = (await Run.AzSync("sync", _dir.Source, _dir.Source)).ShouldExit(5);

        Assert.Contains(inside, result.StdErr);
        Assert.Contains("inside", same.StdErr);
        Assert.False(Directory.Exists(inside));
        Assert.False(File.Exists(_dir.Src(".azsync-index.json")), "the source was written to");
    }

    [Fact]
    public async Task A_source_inside_the_destination_is_refused()
    {
        var result = (await Run.AzSync("sync", _dir.Src("sub"), _dir.Source, "--delete", "--max-delete", "100%"))
            .ShouldExit(5);

        Assert.Contains("inside the destination", result.StdErr);
        Assert.Equal("a", File.ReadAllText(_dir.Src("a.txt")));
    }

    [Fact]
    public async Task An_unwritable_report_path_is_an_error_naming_it()
    {
        var report = Path.Combine(_dir.Root, "no-such-folder", "report.json");

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--report", report)).ShouldExit(1);

        Assert.Contains(report, result.StdErr);
        Assert.DoesNotContain("unexpected", result.StdErr);
    }
}

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// A source file replaced by a folder of the same name (or the reverse) cannot be uploaded until the old entry is
/// deleted; with --delete one run converges, without it the failure says what to do.
/// </summary>
public sealed class FileFolderSwapTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task SyncedThenReplaced(string[] before, System.Action replace, string[] after)
    {
        foreach (var f in before) _dir.WriteSource(f, "old " + f);
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        replace();
        foreach (var f in after) _dir.WriteSource(f, "new " + f);
    }

    [Fact]
    public async Task A_file_replaced_by_a_folder_converges_in_one_run_with_delete()
    {
        await SyncedThenReplaced(["x", "keep.txt"], () => File.Delete(_dir.Src("x")), ["x/y"]);

        var report = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "-o", "json")).ShouldExit(0).StdOut);

        Assert.Equal("new x/y", _dir.ReadDestination("x/y"));
        Assert.Equal(["keep.txt", "x/y"], _dir.DestinationFiles());
        Assert.Equal(1, report.Total("deleted"));
        (await Run.AzSync("plan", _dir.Source, _dir.Destination, "--delete", "--detailed-exitcode")).ShouldExit(0);
    }

    [Fact]
    public async Task A_folder_replaced_by_a_file_converges_in_one_run_with_delete()
    {
        await SyncedThenReplaced(
            ["x/y", "x/z/w", "a.txt", "b.txt", "c.txt"], () => Directory.Delete(_dir.Src("x"), recursive: true), ["x"]);

        (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete")).ShouldExit(0);

        Assert.Equal("new x", _dir.ReadDestination("x"));
        Assert.Equal(["a.txt", "b.txt", "c.txt", "x"], _dir.DestinationFiles());
        (await Run.AzSync("plan", _dir.Source, _dir.Destination, "--delete", "--detailed-exitcode")).ShouldExit(0);
    }

    [Fact]
    public async Task Without_delete_the_failure_says_to_use_it_and_the_summary_counts_only_what_was_uploaded()
    {
        await SyncedThenReplaced(["x"], () => File.Delete(_dir.Src("x")), ["x/y", "new.txt"]);

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(1);

        Assert.Contains("failed: x/y: 'x' is a file at the destination where the source has a folder; " +
            "run with --delete to replace it.", result.StdErr);
        Assert.Contains("1 uploaded (1 new, 0 changed)", result.StdOut);
        Assert.Equal("old x", _dir.ReadDestination("x"));
    }

    [Fact]
    public async Task The_json_report_keeps_planned_counts_and_adds_uploaded_ones()
    {
        await SyncedThenReplaced(
            ["x", "changed.txt"], () => File.Delete(_dir.Src("x")), ["x/y", "new.txt", "changed.txt"]);

        var report = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, _dir.Destination, "-o", "json")).ShouldExit(1).StdOut);

        Assert.Equal((2, 1), (report.Total("new"), report.Total("changed")));
        Assert.Equal(
            (1, 1, 2), (report.Total("uploadedNew"), report.Total("uploadedChanged"), report.Total("uploaded")));
    }
}

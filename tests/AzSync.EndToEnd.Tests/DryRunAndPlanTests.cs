using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>sync --dry-run and plan: they report changes and never make one.</summary>
[StartsFirst]
public sealed class DryRunAndPlanTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A destination one new, one changed and one deleted file behind its source.</summary>
    private async Task PendingChanges()
    {
        foreach (var f in new[] { "same.txt", "changed.txt", "gone.txt", "other.txt" }) _dir.WriteSource(f, f);
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        _dir.WriteSource("new.txt", "new");
        _dir.WriteSource("changed.txt", "CHANGED.txt");
        File.Delete(_dir.Src("gone.txt"));
    }

    [Fact]
    public async Task Dry_run_reports_the_planned_changes_and_changes_nothing()
    {
        await PendingChanges();
        var before = TreeSnapshot.Take(_dir.Destination);

        var text = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "--dry-run")).ShouldExit(0);
        var json = Report.Parse((await Run.AzSync(
            "sync", _dir.Source, _dir.Destination, "--delete", "--dry-run", "-o", "json")).ShouldExit(0).StdOut);

        Assert.Equal(before, TreeSnapshot.Take(_dir.Destination));
        Assert.Contains("upload new", text.StdOut);
        Assert.Contains("new.txt", text.StdOut);
        Assert.Contains("Plan: 1 new, 1 changed, 2 unchanged, 1 to delete", text.StdOut);
        Assert.True(json.DryRun);
        Assert.Equal(["new.txt"], json.PathsWith("upload-new"));
        Assert.Equal(["changed.txt"], json.PathsWith("upload-changed"));
        Assert.Equal(["gone.txt"], json.PathsWith("delete"));
        Assert.Equal(0, json.Total("uploaded"));
        Assert.Equal(0, json.Total("deleted"));
    }

    [Fact]
    public async Task Plan_detailed_exitcode_is_2_with_changes_and_0_without()
    {
        await PendingChanges();
        var before = TreeSnapshot.Take(_dir.Destination);

        (await Run.AzSync("plan", _dir.Source, _dir.Destination, "--detailed-exitcode")).ShouldExit(2);
        (await Run.AzSync("plan", _dir.Source, _dir.Destination)).ShouldExit(0);
        Assert.Equal(before, TreeSnapshot.Take(_dir.Destination));

        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        var clean = (await Run.AzSync("plan", _dir.Source, _dir.Destination, "--detailed-exitcode")).ShouldExit(0);
        Assert.Contains("Plan: 0 new, 0 changed, 4 unchanged, 0 to delete", clean.StdOut);
    }

    [Fact]
    public async Task Plan_counts_a_pending_delete_as_a_change_only_with_delete()
    {
        foreach (var f in new[] { "a.txt", "b.txt", "c.txt" }) _dir.WriteSource(f, f);
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        File.Delete(_dir.Src("c.txt"));

        (await Run.AzSync("plan", _dir.Source, _dir.Destination, "--detailed-exitcode")).ShouldExit(0);
        (await Run.AzSync("plan", _dir.Source, _dir.Destination, "--detailed-exitcode", "--delete")).ShouldExit(2);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("sync", "--dry-run")]
    public async Task Quiet_still_names_each_error_and_its_reason_but_no_other_file(params string[] command)
    {
        _dir.WriteSource("fine.txt", "fine");
        NativeFiles.CreateFifo(_dir.Src("pipe"));

        var result = (await Run.AzSync([.. command, _dir.Source, _dir.Destination, "-q"])).ShouldExit(1);

        Assert.Contains("error", result.StdOut);
        Assert.Contains(_dir.Src("pipe"), result.StdOut);
        Assert.Contains("not a regular file", result.StdOut);
        Assert.DoesNotContain("fine.txt", result.StdOut);
        Assert.Contains("1 errors", result.StdOut);
    }
}

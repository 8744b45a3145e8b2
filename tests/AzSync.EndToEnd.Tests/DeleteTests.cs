using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>--delete, what it must leave alone, and the delete guard (exit code 4).</summary>
[StartsFirst]
public sealed class DeleteTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task SyncedTree(params string[] files)
    {
        foreach (var f in files) _dir.WriteSource(f, "content of " + f);
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
    }

    [Fact]
    public async Task A_deleted_source_file_stays_without_delete_and_goes_with_it_taking_its_empty_folder()
    {
        await SyncedTree("keep.txt", "also.txt", "more.txt", "old/gone.txt");
        Directory.Delete(_dir.Src("old"), recursive: true);

        var without = (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);

        Assert.Contains("old/gone.txt", _dir.DestinationFiles());
        Assert.Contains("0 deleted", without.StdOut);

        var with = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "-o", "json")).ShouldExit(0).StdOut);

        Assert.Equal(["also.txt", "keep.txt", "more.txt"], _dir.DestinationFiles());
        Assert.False(Directory.Exists(_dir.Dst("old")), "the emptied folder should be removed");
        Assert.Equal(1, with.Total("deleted"));
        Assert.Equal(["old/gone.txt"], with.PathsWith("delete"));
    }

    [Fact]
    public async Task Excluded_files_are_not_deleted_at_the_destination()
    {
        await SyncedTree("a.txt", "b.log", "c.txt", "logs/d.log");
        File.Delete(_dir.Src("b.log"));
        File.Delete(_dir.Src("logs/d.log"));
        File.Delete(_dir.Src("c.txt"));

        var report = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "--exclude", "**/*.log", "-o", "json"))
            .ShouldExit(0).StdOut);

        Assert.Equal(["a.txt", "b.log", "logs/d.log"], _dir.DestinationFiles());
        Assert.Equal(["c.txt"], report.PathsWith("delete"));
    }

    [Fact]
    public async Task The_delete_guard_stops_a_plan_deleting_more_than_half_and_changes_nothing()
    {
        await SyncedTree("a.txt", "b.txt", "c.txt", "d.txt");
        foreach (var f in new[] { "b.txt", "c.txt", "d.txt" }) File.Delete(_dir.Src(f));
        _dir.WriteSource("a.txt", "changed, but must not be uploaded either");
        var before = TreeSnapshot.Take(_dir.Destination);
        var reportFile = Path.Combine(_dir.Root, "report.json");

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "--report", reportFile))
            .ShouldExit(4);

        Assert.Contains("--max-delete", result.StdErr);
        Assert.Contains("3 of 4", result.StdErr);
        Assert.Equal(before, TreeSnapshot.Take(_dir.Destination));
        Assert.Equal(4, Report.Load(reportFile).ExitCode);
    }

    [Theory]
    [InlineData("sync", "--dry-run")]
    [InlineData("plan", "--detailed-exitcode")]
    public async Task A_preview_stops_where_the_sync_would(string command, string flag)
    {
        await SyncedTree("a.txt", "b.txt", "c.txt", "d.txt");
        foreach (var f in new[] { "b.txt", "c.txt", "d.txt" }) File.Delete(_dir.Src(f));
        var reportFile = Path.Combine(_dir.Root, "report.json");

        var result = (await Run.AzSync(
            command, _dir.Source, _dir.Destination, "--delete", flag, "--report", reportFile)).ShouldExit(4);

        Assert.Contains("sync would stop here", result.StdErr);
        Assert.Contains("--max-delete", result.StdErr);
        Assert.Equal(4, Report.Load(reportFile).ExitCode);
        Assert.Equal(4, _dir.DestinationFiles().Count);
        (await Run.AzSync(command, _dir.Source, _dir.Destination, "--delete", flag, "--max-delete", "3"))
            .ShouldExit(command == "plan" ? 2 : 0);
    }

    [Theory]
    [InlineData("100%")]
    [InlineData("3")]
    public async Task The_delete_guard_lets_max_delete_allow_it(string limit)
    {
        await SyncedTree("a.txt", "b.txt", "c.txt", "d.txt");
        foreach (var f in new[] { "b.txt", "c.txt", "d.txt" }) File.Delete(_dir.Src(f));

        (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "--max-delete", limit)).ShouldExit(0);

        Assert.Equal(["a.txt"], _dir.DestinationFiles());
    }

    [Fact]
    public async Task A_count_limit_below_the_deletes_stops_even_under_the_default_percentage()
    {
        await SyncedTree("a.txt", "b.txt", "c.txt", "d.txt");
        File.Delete(_dir.Src("c.txt"));
        File.Delete(_dir.Src("d.txt"));
        var before = TreeSnapshot.Take(_dir.Destination);

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "--max-delete", "1"))
            .ShouldExit(4);

        Assert.Contains("--max-delete 2", result.StdErr);
        Assert.Equal(before, TreeSnapshot.Take(_dir.Destination));
    }
}

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>Files that cannot be synced and symbolic links: reported, never fatal to the rest of the run.</summary>
public sealed class ProblemFileTests : IDisposable
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_file_name_that_is_not_utf8_is_an_error_the_rest_syncs_and_deletes_are_skipped()
    {
        foreach (var f in new[] { "a.txt", "b.txt", "sub/c.txt", "stale.txt" }) _dir.WriteSource(f, f);
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        File.Delete(_dir.Src("stale.txt"));
        _dir.WriteSource("b.txt", "b changed");
        _dir.WriteSource("sub/new.txt", "new");
        // Latin-1 "é.txt": 0xE9 alone is not valid UTF-8.
        NativeFiles.CreateWithRawName(
            _dir.Src("sub"), [0xE9, (byte)'.', (byte)'t', (byte)'x', (byte)'t'], "latin-1 name");
        var reportFile = Path.Combine(_dir.Root, "report.json");

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "--report", reportFile))
            .ShouldExit(1);

        Assert.Contains("UTF-8", result.StdErr);
        var report = Report.Load(reportFile);
        var error = Assert.Single(report.Files, f => f.Action == "error");
        Assert.Contains("UTF-8", error.Reason);
        Assert.Equal("b changed", _dir.ReadDestination("b.txt"));
        Assert.Equal("new", _dir.ReadDestination("sub/new.txt"));
        Assert.True(report.DeletesSkipped);
        Assert.Equal("stale.txt", _dir.ReadDestination("stale.txt"));
        Assert.Contains("Deletes were skipped", result.StdOut);
        Assert.Equal(["a.txt", "b.txt", "stale.txt", "sub/c.txt", "sub/new.txt"], _dir.DestinationFiles());
    }

    [Fact]
    public async Task A_fifo_in_the_source_does_not_hang_the_run_and_is_reported()
    {
        _dir.WriteSource("a.txt", "a");
        NativeFiles.CreateFifo(_dir.Src("pipe"));

        var result = (await Testing.AzSyncProcess.Default.RunAsync(
            ["sync", _dir.Source, _dir.Destination], timeout: NoHang)).ShouldExit(1);

        Assert.Contains("pipe: not a regular file", result.StdErr);
        Assert.Equal(["a.txt"], _dir.DestinationFiles());
    }

    [Fact]
    public async Task A_backslash_in_a_file_name_is_part_of_the_name_not_a_folder()
    {
        _dir.WriteSource("a\\b.txt", "one file");
        _dir.WriteSource("a/c.txt", "in a folder");

        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        (await Run.AzSync("plan", _dir.Source, _dir.Destination, "--detailed-exitcode")).ShouldExit(0);

        Assert.Equal(["a/c.txt", "a\\b.txt"], _dir.DestinationFiles());
        Assert.Equal("one file", _dir.ReadDestination("a\\b.txt"));
    }

    private void TreeWithLinks()
    {
        _dir.WriteSource("real.txt", "real");
        _dir.WriteSource("dir/inner.txt", "inner");
        File.CreateSymbolicLink(_dir.Src("link.txt"), "real.txt");
        Directory.CreateSymbolicLink(_dir.Src("linked-dir"), "dir");
    }

    [Fact]
    public async Task Symlinks_are_skipped_with_a_note_by_default()
    {
        TreeWithLinks();

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);

        Assert.Equal(["dir/inner.txt", "real.txt"], _dir.DestinationFiles());
        Assert.Contains("2 symbolic link(s) skipped", result.StdErr);
        Assert.Contains("--follow-symlinks", result.StdErr);
    }

    [Fact]
    public async Task Follow_symlinks_copies_what_links_point_to_as_regular_files()
    {
        TreeWithLinks();

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--follow-symlinks")).ShouldExit(0);

        Assert.Equal(["dir/inner.txt", "link.txt", "linked-dir/inner.txt", "real.txt"], _dir.DestinationFiles());
        Assert.Equal("real", _dir.ReadDestination("link.txt"));
        Assert.Equal("inner", _dir.ReadDestination("linked-dir/inner.txt"));
        Assert.Null(new FileInfo(_dir.Dst("link.txt")).LinkTarget);
        Assert.DoesNotContain("skipped", result.StdErr);
    }

    [Fact]
    public async Task A_symlink_loop_does_not_hang_and_is_skipped_with_one_note_so_deletes_still_run()
    {
        foreach (var f in new[] { "top.txt", "one.txt", "two.txt", "a/b/leaf.txt" }) _dir.WriteSource(f, f);
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        File.Delete(_dir.Src("top.txt"));
        _dir.WriteSource("more.txt", "more");
        Directory.CreateSymbolicLink(_dir.Src("a/b/up"), "../..");
        // The same loop reached a second way, through a link to 'a'.
        Directory.CreateSymbolicLink(_dir.Src("again"), "a");

        var result = (await Testing.AzSyncProcess.Default.RunAsync(
            ["sync", _dir.Source, _dir.Destination, "--follow-symlinks", "--delete"], timeout: NoHang)).ShouldExit(0);

        Assert.Equal(["a/b/leaf.txt", "again/b/leaf.txt", "more.txt", "one.txt", "two.txt"], _dir.DestinationFiles());
        Assert.Contains("1 deleted", result.StdOut);
        var note = Assert.Single(result.StdErr.Split('\n'), l => l.Contains("loop"));
        Assert.Contains(_dir.Src("a/b/up"), note);
        Assert.Contains("skipped", note);
    }
}

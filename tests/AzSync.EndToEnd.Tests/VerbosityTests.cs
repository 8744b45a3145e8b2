using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>What -v and -q promise: every file with its action, and only errors with the totals.</summary>
public sealed class VerbosityTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Verbose_sync_lists_every_file_with_its_action_unchanged_ones_too()
    {
        _dir.WriteSource("a.txt", "a");
        _dir.WriteSource("sub/b.txt", "b");
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        _dir.WriteSource("c.txt", "c");

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "-v")).ShouldExit(0);

        Assert.Matches(@"(?m)^  = unchanged +a\.txt +same MD5$", result.StdOut);
        Assert.Matches(@"(?m)^  = unchanged +sub/b\.txt +same MD5$", result.StdOut);
        Assert.Matches(@"(?m)^  \+ upload new +c\.txt +missing at destination$", result.StdOut);
        Assert.Contains("uploaded: c.txt", result.StdErr);
    }

    [Fact]
    public async Task Verbose_sync_with_nothing_to_do_still_lists_every_file()
    {
        _dir.WriteSource("a.txt", "a");
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "-v")).ShouldExit(0);

        Assert.Matches(@"(?m)^  = unchanged +a\.txt +same MD5$", result.StdOut);
    }

    [Fact]
    public async Task Quiet_plan_prints_one_totals_line_naming_the_destination_and_the_errors()
    {
        _dir.WriteSource("a.txt", "a");
        NativeFiles.CreateFifo(_dir.Src("pipe"));

        var result = (await Run.AzSync("plan", _dir.Source, _dir.Destination, "-q")).ShouldExit(1);

        var lines = result.StdOut.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^  ! error +\S*pipe +not a regular file", lines[0]);
        Assert.Equal($"Plan for {_dir.Destination}: 1 new, 0 changed, 0 unchanged, 0 to delete, 1 errors; " +
                     "1 B to send.", lines[1]);
    }
}

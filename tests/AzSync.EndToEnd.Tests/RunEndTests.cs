using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// A run that stops after its transfers (here the local store cannot save its index, because a folder sits where
/// the index goes) still prints the summary and writes the report and the CI outputs: what was uploaded and
/// deleted is on the destination, and the user must be told.
/// </summary>
public sealed partial class RunEndTests : IDisposable
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+/\d+ files, .* sent, \d\d:\d\d$")]
    private static partial System.Text.RegularExpressions.Regex ProgressLine();

    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private void IndexCannotBeSaved()
    {
        _dir.WriteSource("a.txt", "a");
        _dir.WriteSource("b.txt", "b");
        Directory.CreateDirectory(_dir.Dst(".azsync-index.json"));
        File.WriteAllText(_dir.Dst("stale.txt"), "old");
    }

    [Fact]
    public async Task A_store_that_cannot_finish_still_gets_the_summary_and_the_report()
    {
        IndexCannotBeSaved();
        var reportFile = Path.Combine(_dir.Root, "report.json");

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "--max-delete", "100%",
            "--report", reportFile)).ShouldExit(1);

        Assert.Contains("2 uploaded (2 new, 0 changed), 0 unchanged, 1 deleted, 0 failed", result.StdOut);
        // A run slower than 5 s (a busy machine) also logs a progress line; apart from those, the error comes first.
        var stderr = string.Join('\n', result.StdErr.Split('\n').Where(l => !ProgressLine().IsMatch(l)));
        Assert.StartsWith("error: Could not finish writing to", stderr);
        var report = Report.Load(reportFile);
        Assert.Equal(1, report.ExitCode);
        Assert.Equal(2, report.Total("uploaded"));
        Assert.Equal(1, report.Total("deleted"));
        Assert.Contains("Could not finish writing", File.ReadAllText(reportFile));
        Assert.Equal("a", _dir.ReadDestination("a.txt"));
        Assert.False(File.Exists(_dir.Dst("stale.txt")));
        Assert.Empty(Directory.GetFiles(_dir.Destination, ".azsync-tmp-*"));
    }

    [Fact]
    public async Task Under_GitHub_Actions_the_outputs_and_the_job_summary_are_written_too()
    {
        IndexCannotBeSaved();
        var outputs = Path.Combine(_dir.Root, "outputs");
        var summary = Path.Combine(_dir.Root, "summary.md");
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = outputs,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["RUNNER_TEMP"] = _dir.Root,
        };

        var run = Testing.AzSyncProcess.Default.RunAsync(["sync", _dir.Source, _dir.Destination], null, environment);
        (await run).ShouldExit(1);

        Assert.Contains("uploaded=2", File.ReadAllLines(outputs));
        Assert.Contains("Could not finish writing", File.ReadAllText(summary));
    }

    [Fact]
    public async Task Json_output_still_prints_the_report()
    {
        IndexCannotBeSaved();

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "-o", "json")).ShouldExit(1);

        var report = Report.Parse(result.StdOut);
        Assert.Equal(2, report.Total("uploaded"));
        Assert.Equal(1, report.ExitCode);
    }
}

using AzSync.Core.Planning;
using AzSync.Core.Stores;
using AzSync.Core.Transfer;
using AzSync.Output;

namespace AzSync.Azure.Tests.Cli;

/// <summary>Progress as a CI log sees it: periodic lines, per-file
/// lines with -v, failures always, percent for the agent.</summary>
public sealed class ProgressReporterTests
{
    private static ItemOutcome Outcome(string path, ItemStatus status, string? error = null) =>
        new(new PlanItem(path, PlanAction.UploadNew, "missing at destination"), status, Error: error,
            ErrorKind: status == ItemStatus.Failed ? StoreErrorKind.Failed : null);

    private static async Task<string> EventuallyAsync(StringWriter log, string expected)
    {
        // The timer writes the line: poll for it with a deadline a loaded machine cannot miss (2 s could be).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!log.ToString().Contains(expected) && DateTime.UtcNow < deadline) await Task.Delay(20);
        return log.ToString();
    }

    [Fact]
    public async Task A_log_gets_periodic_totals_file_lines_with_verbose_and_every_failure()
    {
        var log = new StringWriter();
        var failures = new List<string>();
        var percents = new List<int>();
        using (var progress = new ProgressReporter(log, Verbosity.Verbose, interactive: false,
            o => failures.Add(o.Item.Path), p => { lock (percents) percents.Add(p); }, TimeSpan.FromMilliseconds(50)))
        {
            progress.Started(totalBytes: 2048, totalFiles: 2);
            progress.BytesSent(1024);
            progress.Completed(Outcome("a.txt", ItemStatus.Uploaded));
            progress.Completed(Outcome("b.txt", ItemStatus.Failed, "the disk said no"));
            var text = await EventuallyAsync(log, "1/2 files, 1.0 KiB of 2.0 KiB sent");
            Assert.Contains("1/2 files, 1.0 KiB of 2.0 KiB sent", text);
        }

        var all = log.ToString();
        Assert.Contains("uploaded: a.txt", all);
        Assert.Contains("failed: b.txt: the disk said no", all);
        Assert.Equal(["b.txt"], failures);
        lock (percents) Assert.Contains(50, percents);
        Assert.DoesNotContain("\u001b[", all); // no terminal control codes in a log
    }

    [Fact]
    public async Task Quiet_prints_only_failures()
    {
        var log = new StringWriter();
        using (var progress = new ProgressReporter(log, Verbosity.Quiet, interactive: true,
            lineInterval: TimeSpan.FromMilliseconds(20)))
        {
            progress.Started(100, 2);
            progress.BytesSent(100);
            progress.Completed(Outcome("a.txt", ItemStatus.Uploaded));
            progress.Completed(Outcome("b.txt", ItemStatus.Conflict, "changed since listed"));
            await Task.Delay(100);
        }
        Assert.Equal("conflict: b.txt: changed since listed" + Environment.NewLine, log.ToString());
    }
}

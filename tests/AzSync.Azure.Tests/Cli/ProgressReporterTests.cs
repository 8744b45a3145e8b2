using AzSync.Core.Planning;
using AzSync.Core.Stores;
using AzSync.Core.Transfer;
using AzSync.Output;
using Microsoft.Extensions.Time.Testing;

namespace AzSync.Azure.Tests.Cli;

/// <summary>Progress as a CI log sees it: periodic lines, per-file lines with -v, failures always, percent for the agent.
/// The tests move the reporter's clock themselves, so a line is due exactly when they say, however busy the machine.</summary>
public sealed class ProgressReporterTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static ItemOutcome Outcome(string path, ItemStatus status, string? error = null) =>
        new(new PlanItem(path, PlanAction.UploadNew, "missing at destination"), status, Error: error,
            ErrorKind: status == ItemStatus.Failed ? StoreErrorKind.Failed : null);

    [Fact]
    public void A_log_gets_periodic_totals_file_lines_with_verbose_and_every_failure()
    {
        var log = new StringWriter();
        var time = new FakeTimeProvider();
        var failures = new List<string>();
        var percents = new List<int>();
        using (var progress = new ProgressReporter(log, Verbosity.Verbose, interactive: false,
                   o => failures.Add(o.Item.Path), percents.Add, Interval, time))
        {
            progress.Started(totalBytes: 2048, totalFiles: 2);
            progress.BytesSent(1024);
            progress.Completed(Outcome("a.txt", ItemStatus.Uploaded));
            progress.Completed(Outcome("b.txt", ItemStatus.Failed, "the disk said no"));
            time.Advance(Interval - TimeSpan.FromTicks(1));
            Assert.DoesNotContain("files,", log.ToString());
            Assert.Empty(percents);

            time.Advance(TimeSpan.FromTicks(1)); // the timer fires inside Advance
            Assert.Contains("1/2 files, 1.0 KiB of 2.0 KiB sent, 00:05", log.ToString());
            time.Advance(Interval);
            Assert.Contains("1/2 files, 1.0 KiB of 2.0 KiB sent, 00:10", log.ToString());
        }

        var all = log.ToString();
        Assert.Contains("uploaded: a.txt", all);
        Assert.Contains("failed: b.txt: the disk said no", all);
        Assert.Equal(["b.txt"], failures);
        Assert.Equal([50, 50], percents);
        Assert.DoesNotContain("\u001b[", all); // no terminal control codes in a log
    }

    [Fact]
    public void Quiet_prints_only_failures()
    {
        var log = new StringWriter();
        var time = new FakeTimeProvider();
        using (var progress = new ProgressReporter(log, Verbosity.Quiet, interactive: true, lineInterval: Interval,
                   time: time))
        {
            progress.Started(100, 2);
            progress.BytesSent(100);
            progress.Completed(Outcome("a.txt", ItemStatus.Uploaded));
            progress.Completed(Outcome("b.txt", ItemStatus.Conflict, "changed since listed"));
            time.Advance(Interval * 10); // ten lines' worth of time: a timer would have written them by now
        }
        Assert.Equal("conflict: b.txt: changed since listed" + Environment.NewLine, log.ToString());
    }
}

using AzSync.Core.Planning;
using AzSync.Core.Reporting.Outputs;
using AzSync.Core.Stores;
using AzSync.Core.Transfer;
using Microsoft.Extensions.Time.Testing;

namespace AzSync.Core.Tests.Reporting;

/// <summary>Progress as a CI log sees it: periodic lines, per-file lines with -v, failures always, percent for the
/// agent. The clock is the test's, so a line appears exactly when the interval has passed.</summary>
public sealed class ProgressReporterTests
{
    private static ItemOutcome Outcome(string path, ItemStatus status, string? error = null) =>
        new(new PlanItem(path, PlanAction.UploadNew, "missing at destination"), status, Error: error,
            ErrorKind: status == ItemStatus.Failed ? StoreErrorKind.Failed : null);

    [Fact]
    public void A_log_gets_periodic_totals_file_lines_with_verbose_and_every_failure()
    {
        var log = new StringWriter();
        var percents = new List<int>();
        var clock = new FakeTimeProvider();
        using (var progress = new ProgressReporter(log, Verbosity.Verbose, interactive: false, percents.Add,
                   TimeSpan.FromSeconds(5), clock))
        {
            progress.Started(totalBytes: 2048, totalFiles: 2);
            progress.BytesSent(1024);
            progress.Completed(Outcome("a.txt", ItemStatus.Uploaded));
            progress.Completed(Outcome("b.txt", ItemStatus.Failed, "the disk said no"));
            clock.Advance(TimeSpan.FromSeconds(4));
            Assert.DoesNotContain("files,", log.ToString()); // not before the interval
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(
            "uploaded: a.txt" + Environment.NewLine +
            "failed: b.txt: the disk said no" + Environment.NewLine +
            "1/2 files, 1.0 KiB of 2.0 KiB sent, 00:05" + Environment.NewLine, log.ToString());
        Assert.Equal([50], percents);
    }

    [Fact]
    public void Quiet_prints_only_failures()
    {
        var log = new StringWriter();
        var clock = new FakeTimeProvider();
        using (var progress = new ProgressReporter(log, Verbosity.Quiet, interactive: true,
                   lineInterval: TimeSpan.FromSeconds(1), clock: clock))
        {
            progress.Started(100, 2);
            progress.BytesSent(100);
            progress.Completed(Outcome("a.txt", ItemStatus.Uploaded));
            progress.Completed(Outcome("b.txt", ItemStatus.Conflict, "changed since listed"));
            clock.Advance(TimeSpan.FromSeconds(10));
        }
        Assert.Equal("conflict: b.txt: changed since listed" + Environment.NewLine, log.ToString());
    }
}

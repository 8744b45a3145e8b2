namespace AzSync.Core.Reporting.Outputs;

/// <summary>
/// What people read: notes and warnings on stderr, the plan, and the summary line. <paramref name="human"/> is
/// stdout, or stderr when stdout carries JSON.
/// </summary>
internal sealed class TextOutput(TextWriter human, TextWriter stderr, Verbosity verbosity, OutputMode mode)
    : IRunOutput
{
    public void Note(string line) => stderr.WriteLine(line);

    public void Planned(RunPlanned planned)
    {
        if (planned.Preview)
        {
            if (mode != OutputMode.Json) PlanPrinter.Print(human, planned.Destination, planned.Plan, verbosity);
            return;
        }
        // -v lists every path with its action and reason, unchanged ones too (as plan does), then each result as
        // it completes. A GitHub log folds the plan into a group instead (GitHubActionsOutput).
        if (verbosity == Verbosity.Verbose && mode != OutputMode.GitHub)
        {
            human.WriteLine($"Plan for {planned.Destination}:");
            PlanPrinter.PrintItems(human, planned.Plan.Items);
        }
    }

    public void TransferDone(SyncReport report)
    {
        if (mode == OutputMode.Json) return;
        var t = report.Totals;
        human.WriteLine($"Synced to {report.Destination}: {t.Uploaded} uploaded ({t.UploadedNew} new, " +
                        $"{t.UploadedChanged} changed), {t.Unchanged} unchanged, {t.Deleted} deleted, " +
                        $"{t.Failed + t.Conflicts} failed; {Format.Bytes(t.BytesSent)} sent in " +
                        $"{Format.Seconds(report.DurationSeconds)}.");
        if (report.DeletesSkipped)
            human.WriteLine("Deletes were skipped because some files failed; fix the failures and re-run.");
    }
}

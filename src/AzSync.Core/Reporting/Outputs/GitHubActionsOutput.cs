using AzSync.Core.Planning;
using AzSync.Core.Transfer;

namespace AzSync.Core.Reporting.Outputs;

/// <summary>GitHub Actions: the plan folded into a group, ::error annotations, a job summary and step outputs,
/// through the runner's files.</summary>
internal sealed class GitHubActionsOutput(Func<string, string?> env, TextWriter stdout, Verbosity verbosity)
    : IRunOutput
{
    public void Planned(RunPlanned planned)
    {
        // In a GitHub log the plan folds away under one line, and holds the changes even without -v.
        var plan = planned.Plan;
        var verbose = verbosity == Verbosity.Verbose;
        if (planned.Preview || verbosity == Verbosity.Quiet || !(plan.HasChanges || verbose)) return;
        var uploads = plan.Count(PlanAction.UploadNew) + plan.Count(PlanAction.UploadChanged);
        stdout.WriteLine($"::group::azsync plan: {uploads} to upload, {plan.Count(PlanAction.Delete)} to delete");
        var changes = plan.Kept.Where(i => i.Action != PlanAction.Unchanged).ToList();
        PlanPrinter.PrintItems(stdout, verbose ? plan.Items : changes);
        stdout.WriteLine("::endgroup::");
    }

    public void FileDone(ItemOutcome outcome)
    {
        if (outcome.Status is not (ItemStatus.Failed or ItemStatus.Conflict)) return;
        var file = outcome.Item.Source?.FullPath;
        var workspace = env("GITHUB_WORKSPACE");
        if (file is not null && workspace is not null && file.StartsWith(workspace, StringComparison.Ordinal))
            file = Path.GetRelativePath(workspace, file);
        var where = file is null ? "" : $" file={Property(file)},";
        var title = Property("azsync: " + outcome.Item.Path);
        stdout.WriteLine($"::error{where} title={title}::{Data(outcome.Error ?? "failed")}");
    }

    public void ReportWritten(SyncReport report, string reportPath)
    {
        if (env("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
            RunnerFile.Write("GITHUB_STEP_SUMMARY", summary,
                p => File.AppendAllText(p, MarkdownSummary.Render(report) + Environment.NewLine));
        if (env("GITHUB_OUTPUT") is { Length: > 0 } outputs)
        {
            var t = report.Totals;
            RunnerFile.Write("GITHUB_OUTPUT", outputs, p => File.AppendAllLines(p, [
                $"changed={(report.Changed ? "true" : "false")}",
                $"uploaded={(report.DryRun ? t.New + t.Changed : t.Uploaded)}",
                $"deleted={(report.DryRun ? t.Deletes : t.Deleted)}",
                $"unchanged={t.Unchanged}",
                $"bytes={(report.DryRun ? t.BytesToSend : t.BytesSent)}",
                $"report={reportPath}",
            ]));
        }
    }

    // Workflow command escaping, as @actions/core does it.
    private static string Data(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
    private static string Property(string s) => Data(s).Replace(":", "%3A").Replace(",", "%2C");
}

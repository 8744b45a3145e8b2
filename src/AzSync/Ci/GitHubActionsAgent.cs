using AzSync.Core.Reporting;
using AzSync.Core.Transfer;

namespace AzSync.Ci;

/// <summary>GitHub Actions: ::error annotations, a job summary and step outputs, through the runner's files.</summary>
public sealed class GitHubActionsAgent(Func<string, string?> env, TextWriter stdout) : ICiAgent
{
    public void FileFailed(ItemOutcome outcome)
    {
        var file = outcome.Item.Source?.FullPath;
        var workspace = env("GITHUB_WORKSPACE");
        if (file is not null && workspace is not null && file.StartsWith(workspace, StringComparison.Ordinal))
            file = Path.GetRelativePath(workspace, file);
        var where = file is null ? "" : $" file={Property(file)},";
        stdout.WriteLine($"::error{where} title={Property("azsync: " + outcome.Item.Path)}::{Data(outcome.Error ?? "failed")}");
    }

    public void Progress(int percent) { }

    public void Finish(SyncReport report, string reportPath)
    {
        if (env("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
            RunnerFile.Write("GITHUB_STEP_SUMMARY", summary, p => File.AppendAllText(p, MarkdownSummary.Render(report) + Environment.NewLine));
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

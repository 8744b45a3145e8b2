using System.Globalization;
using AzSync.Core.Transfer;

namespace AzSync.Core.Reporting.Outputs;

/// <summary>Azure Pipelines: ##vso logging commands for issues, progress, the summary and output variables.</summary>
internal sealed class AzurePipelinesOutput(Func<string, string?> env, TextWriter stdout) : IRunOutput
{
    private int _lastPercent = -1;

    public void FileDone(ItemOutcome outcome)
    {
        if (outcome.Status is not (ItemStatus.Failed or ItemStatus.Conflict)) return;
        var source = outcome.Item.Source?.FullPath;
        var where = source is null ? "" : $"sourcepath={Escape(source)};";
        stdout.WriteLine($"##vso[task.logissue type=error;{where}]{Data($"{outcome.Item.Path}: {outcome.Error}")}");
    }

    public void Progress(int percent)
    {
        if (Interlocked.Exchange(ref _lastPercent, percent) == percent) return;
        stdout.WriteLine($"##vso[task.setprogress value={percent};]azsync");
    }

    public void ReportWritten(SyncReport report, string reportPath)
    {
        var (variable, dir) = RunnerFile.Folder(env, "AGENT_TEMPDIRECTORY");
        var summary = Path.Combine(dir, $"azsync-summary-{Guid.NewGuid():N}.md");
        RunnerFile.Write(variable, summary, p => File.WriteAllText(p, MarkdownSummary.Render(report)));
        stdout.WriteLine($"##vso[task.uploadsummary]{summary}");
        var t = report.Totals;
        Set("AzSyncChanged", report.Changed ? "true" : "false");
        Set("AzSyncUploaded", report.DryRun ? t.New + t.Changed : t.Uploaded);
        Set("AzSyncDeleted", report.DryRun ? t.Deletes : t.Deleted);
        Set("AzSyncUnchanged", t.Unchanged);
        Set("AzSyncBytes", report.DryRun ? t.BytesToSend : t.BytesSent);
        Set("AzSyncReport", reportPath);
    }

    // Digits a later step can compare, whatever the agent's culture.
    private void Set(string name, long value) => Set(name, value.ToString(CultureInfo.InvariantCulture));

    // Plain for later steps of the job, isOutput for other jobs and stages ($(step.AzSyncChanged)).
    private void Set(string name, string value)
    {
        stdout.WriteLine($"##vso[task.setvariable variable={name}]{Data(value)}");
        stdout.WriteLine($"##vso[task.setvariable variable={name};isOutput=true]{Data(value)}");
    }

    // The agent's escaping, as azure-pipelines-task-lib does it: data, and properties which also need ';' and ']'.
    private static string Data(string s) => s.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");
    private static string Escape(string s) => Data(s).Replace(";", "%3B").Replace("]", "%5D");
}

using AzSync.Core.Reporting;
using AzSync.Core.Reporting.Outputs;

namespace AzSync.Core.Run;

/// <summary>Hands a run's final report to its outputs and writes it to --report, or for a CI system to the
/// runner's temp folder (CI outputs always name a report, so a later step can read it without asking for
/// one).</summary>
internal sealed class ReportWriter(RunOutputs outputs, string? reportFlag, Func<string, string?> env)
{
    public void Write(SyncReport report)
    {
        var path = reportFlag;
        // Only when someone reads it: for thousands of unchanged files the JSON costs more than the rest of the
        // report.
        var json = outputs.Json || path is not null || outputs.ForCi ? report.ToJson() : null;
        outputs.Finished(report, json);
        var from = "--report";
        if (path is null && outputs.ForCi)
        {
            (from, var folder) = RunnerFile.Folder(env, "RUNNER_TEMP", "AGENT_TEMPDIRECTORY");
            path = Path.Combine(folder, $"azsync-report-{Guid.NewGuid():N}.json");
        }
        if (path is null) return;
        RunnerFile.Write(from, path, p => File.WriteAllText(p, json + Environment.NewLine));
        outputs.ReportWritten(report, Path.GetFullPath(path));
    }
}

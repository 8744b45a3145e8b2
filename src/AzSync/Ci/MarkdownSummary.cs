using System.Text;
using AzSync.Core.Planning;
using AzSync.Core.Reporting;
using AzSync.Output;

namespace AzSync.Ci;

/// <summary>The job summary both CI systems show: totals, then the changed files up to a limit.</summary>
public static class MarkdownSummary
{
    public const int MaxFiles = 100;

    public static string Render(SyncReport report)
    {
        var t = report.Totals;
        var s = new StringBuilder();
        s.AppendLine(report.DryRun ? $"### azsync plan for `{report.Destination}`" : $"### azsync sync to `{report.Destination}`");
        s.AppendLine();
        s.AppendLine("| | files |");
        s.AppendLine("|---|---:|");
        if (report.DryRun)
        {
            s.AppendLine($"| to upload (new) | {t.New} |");
            s.AppendLine($"| to upload (changed) | {t.Changed} |");
            s.AppendLine($"| to delete | {t.Deletes} |");
        }
        else
        {
            s.AppendLine($"| uploaded | {t.Uploaded} ({t.UploadedNew} new, {t.UploadedChanged} changed) |");
            s.AppendLine($"| deleted | {t.Deleted} |");
            s.AppendLine($"| failed | {t.Failed + t.Conflicts} |");
        }
        s.AppendLine($"| unchanged | {t.Unchanged} |");
        s.AppendLine();
        s.AppendLine(report.DryRun
            ? $"{Format.Bytes(t.BytesToSend)} to send."
            : $"{Format.Bytes(t.BytesSent)} sent in {Format.Seconds(report.DurationSeconds)}. Exit code {report.ExitCode}.");
        if (report.Error is not null) s.AppendLine().AppendLine($"> **{Escape(report.Error)}**");

        var changed = report.Files.Where(f => f.Action != PlanAction.Unchanged).ToList();
        if (changed.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("| path | action | reason | result |");
            s.AppendLine("|---|---|---|---|");
            foreach (var f in changed.Take(MaxFiles))
                s.AppendLine($"| `{Escape(f.Path)}` | {PlanPrinter.Label(f.Action)} | {Escape(f.Reason)} | {Escape(f.Error ?? f.Status?.ToString().ToLowerInvariant() ?? "planned")} |");
            if (changed.Count > MaxFiles) s.AppendLine().AppendLine($"…and {changed.Count - MaxFiles} more (see the JSON report).");
        }
        return s.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ").Replace("\r", "");
}

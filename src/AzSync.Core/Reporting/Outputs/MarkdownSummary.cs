using System.Globalization;
using System.Text;
using AzSync.Core.Planning;

namespace AzSync.Core.Reporting.Outputs;

/// <summary>The job summary both CI systems show: totals, then the changed files up to a limit.</summary>
internal static class MarkdownSummary
{
    public const int MaxFiles = 100;

    public static string Render(SyncReport report)
    {
        var t = report.Totals;
        var s = new StringBuilder();
        s.AppendLine(report.DryRun
            ? $"### azsync plan for `{report.Destination}`"
            : $"### azsync sync to `{report.Destination}`");
        s.AppendLine();
        s.AppendLine("| | files |");
        s.AppendLine("|---|---:|");
        if (report.DryRun)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| to upload (new) | {t.New} |");
            s.AppendLine(CultureInfo.InvariantCulture, $"| to upload (changed) | {t.Changed} |");
            s.AppendLine(CultureInfo.InvariantCulture, $"| to delete | {t.Deletes} |");
        }
        else
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| uploaded | {t.Uploaded} ({t.UploadedNew} new, {t.UploadedChanged} changed) |");
            s.AppendLine(CultureInfo.InvariantCulture, $"| deleted | {t.Deleted} |");
            s.AppendLine(CultureInfo.InvariantCulture, $"| failed | {t.Failed + t.Conflicts} |");
        }
        s.AppendLine(CultureInfo.InvariantCulture, $"| unchanged | {t.Unchanged} |");
        s.AppendLine();
        s.AppendLine(report.DryRun
            ? $"{Format.Bytes(t.BytesToSend)} to send."
            : $"{Format.Bytes(t.BytesSent)} sent in {Format.Seconds(report.DurationSeconds)}. " +
              $"Exit code {report.ExitCode}.");
        if (report.Error is not null)
            s.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"> **{Escape(report.Error)}**");

        var changed = report.Files.Where(f => f.Action != PlanAction.Unchanged).ToList();
        if (changed.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("| path | action | reason | result |");
            s.AppendLine("|---|---|---|---|");
            foreach (var f in changed.Take(MaxFiles))
            {
                var result = f.Error ?? f.Status?.ToString().ToLowerInvariant() ?? "planned";
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"| `{Escape(f.Path)}` | {PlanPrinter.Label(f.Action)} | {Escape(f.Reason)} | {Escape(result)} |");
            }
            if (changed.Count > MaxFiles)
                s.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                    $"…and {changed.Count - MaxFiles} more (see the JSON report).");
        }
        return s.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ").Replace("\r", "");
}

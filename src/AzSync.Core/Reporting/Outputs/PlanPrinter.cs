using AzSync.Core.Planning;

namespace AzSync.Core.Reporting.Outputs;

/// <summary>Writes a plan as text: a line per path with its action and reason, then the totals.</summary>
internal static class PlanPrinter
{
    public static void Print(TextWriter w, string destination, SyncPlan plan, Verbosity verbosity)
    {
        var totals = Totals(ReportTotals.From(plan, null));
        if (verbosity == Verbosity.Quiet)
        {
            // -q keeps errors (totals that count errors without naming the files leave nothing to fix) and says the
            // totals in one line that names the destination, rather than a heading over nothing.
            PrintItems(w, plan.Kept.Where(i => i.Action == PlanAction.Error).ToList());
            w.WriteLine($"Plan for {destination}: {totals["Plan: ".Length..]}");
            return;
        }
        w.WriteLine($"Plan for {destination}:");
        PrintItems(w, plan.Items);
        w.WriteLine(totals);
    }

    public static void PrintItems(TextWriter w, IReadOnlyList<PlanItem> items)
    {
        var paths = items.Select(i => Format.Path(i.Path)).ToList();
        var width = items.Count == 0 ? 0 : Math.Min(60, paths.Max(p => p.Length));
        for (var i = 0; i < items.Count; i++)
        {
            var action = items[i].Action;
            var reason = Format.Path(items[i].Reason);
            w.WriteLine($"  {Symbol(action)} {Label(action),-15} {paths[i].PadRight(width)}  {reason}");
        }
    }

    public static string Totals(ReportTotals t) =>
        $"Plan: {t.New} new, {t.Changed} changed, {t.Unchanged} unchanged, {t.Deletes} to delete, " +
        $"{t.Errors} errors; {Format.Bytes(t.BytesToSend)} to send.";

    public static string Label(PlanAction action) => action switch
    {
        PlanAction.UploadNew => "upload new",
        PlanAction.UploadChanged => "upload changed",
        PlanAction.Unchanged => "unchanged",
        PlanAction.Delete => "delete",
        _ => "error",
    };

    public static char Symbol(PlanAction action) => action switch
    {
        PlanAction.UploadNew => '+',
        PlanAction.UploadChanged => '~',
        PlanAction.Unchanged => '=',
        PlanAction.Delete => '-',
        _ => '!',
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using AzSync.Core.Planning;
using AzSync.Core.Transfer;

namespace AzSync.Core.Reporting;

/// <summary>
/// Stage 7: the run as data — what the JSON report, the job summaries and the text output all show.
/// </summary>
public sealed record SyncReport(
    string Command,
    string Destination,
    bool DryRun,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    ReportTotals Totals,
    IReadOnlyList<ReportFile> Files,
    bool DeletesSkipped,
    int ExitCode,
    string? Error = null)
{
    public bool Changed => Totals.Uploaded + Totals.Deleted > 0 || (DryRun && Totals.PlannedChanges > 0);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <param name="clock">What "now" is when the report is made (the system clock unless a test says).</param>
    public static SyncReport FromPlan(string command, string destination, DateTimeOffset started, SyncPlan plan,
        int exitCode, TimeProvider? clock = null) =>
        new(command, destination, true, started, Seconds(started, clock),
            ReportTotals.From(plan, null),
            new MappedList<PlanItem, ReportFile>(plan.Items, i => ReportFile.From(i, null)), false, exitCode);

    public static SyncReport FromRun(string command, string destination, DateTimeOffset started, SyncPlan plan,
        TransferResult result, int exitCode, TimeProvider? clock = null) =>
        new(command, destination, false, started, Seconds(started, clock),
            ReportTotals.From(plan, result),
            new MappedList<ItemOutcome, ReportFile>(result.Outcomes, o => ReportFile.From(o.Item, o)),
            result.DeletesSkipped, exitCode);

    private static double Seconds(DateTimeOffset started, TimeProvider? clock) =>
        ((clock ?? TimeProvider.System).GetUtcNow() - started).TotalSeconds;
}

/// <param name="New">Planned new uploads; <paramref name="UploadedNew"/> is how many of them were uploaded.</param>
/// <param name="Changed">
/// Planned replacements; <paramref name="UploadedChanged"/> is how many of them were uploaded.
/// </param>
[SuppressMessage("Naming", "CA1711", Justification =
    "UploadedNew is the JSON report's 'uploadedNew' field, the new files uploaded; renaming it breaks readers.")]
public sealed record ReportTotals(
    int Files, int New, int Changed, int Unchanged, int Deletes, int Errors,
    int Uploaded, int Deleted, int Failed, int Conflicts, long BytesToSend, long BytesSent,
    int UploadedNew = 0, int UploadedChanged = 0)
{
    public int PlannedChanges => New + Changed + Deletes;

    public static ReportTotals From(SyncPlan plan, TransferResult? result) => new(
        plan.Items.Count - plan.Count(PlanAction.Delete),
        plan.Count(PlanAction.UploadNew), plan.Count(PlanAction.UploadChanged), plan.Count(PlanAction.Unchanged),
        plan.Count(PlanAction.Delete), plan.Count(PlanAction.Error),
        result?.Count(ItemStatus.Uploaded) ?? 0, result?.Count(ItemStatus.Deleted) ?? 0,
        result?.Count(ItemStatus.Failed) ?? plan.Count(PlanAction.Error), result?.Count(ItemStatus.Conflict) ?? 0,
        plan.UploadBytes, result?.BytesSent ?? 0,
        UploadedOf(result, PlanAction.UploadNew), UploadedOf(result, PlanAction.UploadChanged));

    private static int UploadedOf(TransferResult? result, PlanAction action) =>
        result?.Recorded.Count(o => o.Status == ItemStatus.Uploaded && o.Item.Action == action) ?? 0;
}

/// <param name="Status">What happened (absent in a plan).</param>
public sealed record ReportFile(
    string Path, PlanAction Action, string Reason, long? Size, ItemStatus? Status, long? BytesSent, string? Error)
{
    public static ReportFile From(PlanItem item, ItemOutcome? outcome) => new(
        item.Path, item.Action, item.Reason, item.Source?.Size ?? item.Remote?.Size,
        outcome?.Status, outcome is { Status: ItemStatus.Uploaded } ? outcome.BytesSent : null, outcome?.Error);
}

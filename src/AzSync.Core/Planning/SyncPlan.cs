using AzSync.Core.Hashing;
using AzSync.Core.Selection;
using AzSync.Core.Stores;

namespace AzSync.Core.Planning;

public enum PlanAction { UploadNew, UploadChanged, Unchanged, Delete, Error }

/// <summary>One destination path and what the sync will do to it, with the reason in words.</summary>
/// <param name="Source">The selected file, for uploads, unchanged files and names the store refuses.</param>
/// <param name="Remote">What the destination holds now, when anything (not kept for a file that holds the same
/// bytes under the same name).</param>
public sealed record PlanItem(
    string Path,
    PlanAction Action,
    string Reason,
    SelectedFile? Source = null,
    StoreEntry? Remote = null,
    ContentHeaders? Headers = null)
{
    /// <summary>
    /// The source file as the stores take it, made when asked for (an upload asks once) rather than kept per item:
    /// its full path and MD5 array would be a large part of what a first sync of 200,000 files holds.
    /// </summary>
    public LocalFile? Local => Source?.ToLocalFile();

    public bool IsUpload => Action is PlanAction.UploadNew or PlanAction.UploadChanged;
}

/// <param name="FilesUnderTargets">
/// Destination files under the mappings' targets, the base of a percentage delete limit.
/// </param>
public sealed record SyncPlan(IReadOnlyList<PlanItem> Items, int FilesUnderTargets)
{
    public IEnumerable<PlanItem> Uploads => Kept.Where(i => i.IsUpload);
    public IEnumerable<PlanItem> Deletes => Kept.Where(i => i.Action == PlanAction.Delete);

    public int Count(PlanAction action) =>
        Kept.Count(i => i.Action == action) +
        (action == PlanAction.Unchanged && Items is PlanItems planned ? planned.SameContent : 0);

    public bool HasChanges => Kept.Any(i => i.Action is not PlanAction.Unchanged);
    public long UploadBytes => Uploads.Sum(i => i.Source!.Size);

    /// <summary>Every item that exists, in order: all but the unchanged files a plan makes items of only when read.
    /// </summary>
    internal IEnumerable<PlanItem> Kept => Items is PlanItems planned ? planned.Kept() : Items;

    /// <summary>Each item in order, or for an unchanged file without one, that file (see <see cref="PlanItems"/>).
    /// </summary>
    internal IEnumerable<object> Slots() => Items is PlanItems planned ? planned.Slots() : Items;
}

using System.Collections;
using AzSync.Core.Planning;
using AzSync.Core.Selection;

namespace AzSync.Core.Transfer;

/// <summary>
/// Outcomes in run order, where an unchanged item is kept as its plan item alone, or as its file when the plan has
/// no item for it, and an upload that sent the whole file as its plan item alone; their outcomes are made when read.
/// At hundreds of thousands of files a record per unchanged file, or per file a first sync uploads, would be a large
/// part of what a run holds.
/// </summary>
internal sealed class OutcomeList(int capacity = 0) : IReadOnlyList<ItemOutcome>
{
    private readonly List<object> _slots = new(capacity);

    public int Count => _slots.Count;

    public ItemOutcome this[int index] => Read(_slots[index]);

    private static ItemOutcome Read(object slot) => slot switch
    {
        ItemOutcome outcome => outcome,
        PlanItem { IsUpload: true } item => new ItemOutcome(item, ItemStatus.Uploaded, item.Source!.Size),
        PlanItem item => new ItemOutcome(item, ItemStatus.Unchanged),
        var file => new ItemOutcome(PlanItems.Of((SelectedFile)file), ItemStatus.Unchanged),
    };

    /// <summary>The slot an outcome is kept as: an upload that sent every byte of its file is its plan item.</summary>
    public static object Slot(ItemOutcome outcome) =>
        outcome is { Status: ItemStatus.Uploaded, Error: null, Item: { IsUpload: true, Source: { } file } item }
        && outcome.BytesSent == file.Size
            ? item
            : outcome;

    /// <summary>A plan slot (<see cref="SyncPlan.Slots"/>) that is an unchanged item or file.</summary>
    public void AddUnchanged(object slot) => _slots.Add(slot);

    /// <summary>An outcome, or its <see cref="Slot"/>.</summary>
    public void Add(object outcome) => _slots.Add(outcome is ItemOutcome o ? Slot(o) : outcome);

    /// <summary>The outcomes other than unchanged ones, which say nothing more.</summary>
    public IEnumerable<ItemOutcome> Recorded => _slots.Where(s => !IsUnchanged(s)).Select(Read);

    public int Unchanged => _slots.Count(IsUnchanged);

    private static bool IsUnchanged(object slot) => slot is SelectedFile or PlanItem { IsUpload: false };

    /// <summary>True when nothing recorded so far failed or clashed (unchanged items cannot).</summary>
    public bool AllClean => Recorded.All(o => o.Status is ItemStatus.Uploaded or ItemStatus.Unchanged);

    public IEnumerator<ItemOutcome> GetEnumerator()
    {
        for (var i = 0; i < _slots.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

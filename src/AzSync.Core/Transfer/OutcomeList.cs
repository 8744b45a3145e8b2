using System.Collections;
using AzSync.Core.Planning;
using AzSync.Core.Selection;

namespace AzSync.Core.Transfer;

/// <summary>
/// Outcomes in run order, where an unchanged item is kept as its plan item alone, or as its file when the plan has
/// no item for it, and its outcome made when read: at hundreds of thousands of files a record per unchanged file
/// would be a large part of what a run holds.
/// </summary>
internal sealed class OutcomeList(int capacity = 0) : IReadOnlyList<ItemOutcome>
{
    private readonly List<object> _slots = new(capacity);

    public int Count => _slots.Count;

    public ItemOutcome this[int index] => _slots[index] switch
    {
        ItemOutcome outcome => outcome,
        PlanItem item => new ItemOutcome(item, ItemStatus.Unchanged),
        var file => new ItemOutcome(PlanItems.Of((SelectedFile)file), ItemStatus.Unchanged),
    };

    /// <summary>A plan slot (<see cref="SyncPlan.Slots"/>) that is an unchanged item or file.</summary>
    public void AddUnchanged(object slot) => _slots.Add(slot);

    public void Add(ItemOutcome outcome) => _slots.Add(outcome);

    public void InsertRange(int index, IEnumerable<ItemOutcome> outcomes) => _slots.InsertRange(index, outcomes);

    /// <summary>The outcomes held as records: all but the unchanged ones, which are made when read.</summary>
    public IEnumerable<ItemOutcome> Recorded => _slots.OfType<ItemOutcome>();

    public int Unchanged => _slots.Count(s => s is not ItemOutcome);

    /// <summary>True when nothing recorded so far failed or clashed (unchanged items cannot).</summary>
    public bool AllClean => Recorded.All(o => o.Status is ItemStatus.Uploaded or ItemStatus.Unchanged);

    public IEnumerator<ItemOutcome> GetEnumerator()
    {
        for (var i = 0; i < _slots.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

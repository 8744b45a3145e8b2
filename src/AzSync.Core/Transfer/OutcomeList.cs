using System.Collections;
using AzSync.Core.Planning;

namespace AzSync.Core.Transfer;

/// <summary>
/// Outcomes in run order, where an unchanged item is kept as its plan item alone and its outcome made when read:
/// at hundreds of thousands of files a record per unchanged file would be a large part of what a run holds.
/// </summary>
internal sealed class OutcomeList : IReadOnlyList<ItemOutcome>
{
    private readonly List<object> _slots = [];

    public int Count => _slots.Count;

    public ItemOutcome this[int index] =>
        _slots[index] as ItemOutcome ?? new ItemOutcome((PlanItem)_slots[index], ItemStatus.Unchanged);

    public void AddUnchanged(PlanItem item) => _slots.Add(item);

    public void Add(ItemOutcome outcome) => _slots.Add(outcome);

    public void InsertRange(int index, IEnumerable<ItemOutcome> outcomes) => _slots.InsertRange(index, outcomes);

    /// <summary>True when nothing recorded so far failed or clashed (unchanged items cannot).</summary>
    public bool AllClean =>
        _slots.All(s => s is not ItemOutcome { Status: not (ItemStatus.Uploaded or ItemStatus.Unchanged) });

    public IEnumerator<ItemOutcome> GetEnumerator()
    {
        for (var i = 0; i < _slots.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

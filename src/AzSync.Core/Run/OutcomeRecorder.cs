using System.Collections.Concurrent;
using AzSync.Core.Planning;
using AzSync.Core.Transfer;

namespace AzSync.Core.Run;

/// <summary>
/// Keeps each outcome as it completes, so a run that stops part-way (the store failing to finish, an unexpected
/// error, Ctrl+C) still reports what it did: what was uploaded and deleted is then on the destination, and the
/// summary and the --report file must say so. Each outcome is then passed on to <paramref name="done"/>.
/// </summary>
internal sealed class OutcomeRecorder(ITransferObserver inner, Action<ItemOutcome> done) : ITransferObserver
{
    private readonly ConcurrentDictionary<PlanItem, ItemOutcome> _done = new(ReferenceEqualityComparer.Instance);

    public void Started(long totalBytes, int totalFiles) => inner.Started(totalBytes, totalFiles);

    public void BytesSent(long bytes) => inner.BytesSent(bytes);

    public void Completed(ItemOutcome outcome)
    {
        _done[outcome.Item] = outcome;
        inner.Completed(outcome);
        done(outcome);
    }

    /// <summary>The plan's items in order, each with its outcome, or "not run" with why the run stopped.</summary>
    public TransferResult SoFar(SyncPlan plan, string stoppedBy)
    {
        var outcomes = new OutcomeList(plan.Items.Count);
        foreach (var slot in plan.Slots())
        {
            if (slot is not PlanItem item || item.Action == PlanAction.Unchanged) outcomes.AddUnchanged(slot);
            else if (_done.TryGetValue(item, out var outcome)) outcomes.Add(outcome);
            else
            {
                var why = $"not run: the run stopped ({stoppedBy})";
                outcomes.Add(new ItemOutcome(item, ItemStatus.NotRun, Error: why));
            }
        }
        var deletesSkipped =
            outcomes.Recorded.Any(o => o.Item.Action == PlanAction.Delete && o.Status == ItemStatus.NotRun);
        return new TransferResult(outcomes, deletesSkipped);
    }
}

using AzSync.Core.Planning;
using AzSync.Core.Stores;

namespace AzSync.Core.Transfer;

public enum ItemStatus { Uploaded, Unchanged, Deleted, Failed, Conflict, NotRun }

/// <summary>What happened to one plan item.</summary>
public sealed record ItemOutcome(PlanItem Item, ItemStatus Status, long BytesSent = 0, string? Error = null,
    StoreErrorKind? ErrorKind = null);

/// <param name="MemoryBytes">
/// File content all uploads together may hold in memory (see <see cref="MemoryBudget"/>).
/// </param>
public sealed record TransferOptions(
    int Parallel, bool Force, int MaxAttempts = 3, TimeSpan? RetryDelay = null, long MemoryBytes = 128L << 20)
{
    /// <summary>
    /// What one upload is counted as holding: the stores keep at most four blocks or 4 MiB ranges of a file in
    /// flight, and read smaller files whole at most.
    /// </summary>
    public const long MaxHeldPerFile = 16L << 20;
}

/// <param name="DeletesSkipped">True when deletes were planned but not run because something failed first.</param>
public sealed record TransferResult(IReadOnlyList<ItemOutcome> Outcomes, bool DeletesSkipped)
{
    public int Count(ItemStatus status) => status == ItemStatus.Unchanged && Outcomes is OutcomeList list
        ? list.Unchanged
        : Recorded.Count(o => o.Status == status);

    public long BytesSent => Recorded.Sum(o => o.BytesSent);

    public bool AllSucceeded =>
        Recorded.All(o => o.Status is not (ItemStatus.Failed or ItemStatus.Conflict)) && !DeletesSkipped;

    /// <summary>Every outcome but the unchanged ones made only when read, which say nothing more.</summary>
    public IEnumerable<ItemOutcome> Recorded => Outcomes is OutcomeList list ? list.Recorded : Outcomes;
}

/// <summary>Receives progress as it happens; implementations must be thread-safe.</summary>
public interface ITransferObserver
{
    void Started(long totalBytes, int totalFiles);
    void BytesSent(long bytes);
    void Completed(ItemOutcome outcome);
}

/// <summary>
/// Stage 6: runs the uploads with bounded concurrency and per-file retries of transient failures, then the
/// deletes — only when every upload succeeded — then lets the store finish (index, empty folders).
/// </summary>
public sealed class TransferEngine(IStore store, TransferOptions options, ITransferObserver? observer = null)
{
    private readonly MemoryBudget _memory = new(options.MemoryBytes);
    private readonly Lock _reportGate = new();
    // What has finished so far, by upload (its outcome's slot, see OutcomeList.Slot) and in delete order: the result
    // is made from these, and so is that of a run that stops part-way (SoFar).
    private object?[] _uploaded = [];
    private readonly List<ItemOutcome> _deleted = [];

    public async Task<TransferResult> RunAsync(SyncPlan plan, CancellationToken ct)
    {
        var uploads = plan.Uploads.ToList();
        observer?.Started(uploads.Sum(u => u.Source!.Size), uploads.Count);
        foreach (var item in plan.Kept.Where(i => i.Action == PlanAction.Error)) Report(Failed(item));

        _uploaded = new object?[uploads.Count];
        var deletes = plan.Deletes.ToList();
        var blocked = DeleteOrder.BlockedUploads(uploads, deletes, store.Features.PathComparer);
        await UploadAllAsync(uploads, i => !blocked[i], ct).ConfigureAwait(false);

        var clean = !plan.Kept.Any(i => i.Action == PlanAction.Error) && _uploaded.All(o => o is null or PlanItem
            or ItemOutcome { Status: ItemStatus.Uploaded });
        if (clean)
        {
            foreach (var item in deletes) Deleted(await DeleteAsync(item, ct).ConfigureAwait(false));
            await UploadAllAsync(uploads, i => blocked[i], ct).ConfigureAwait(false);
        }
        else
        {
            foreach (var item in deletes)
                Deleted(new ItemOutcome(item, ItemStatus.NotRun, Error: "not deleted because other files failed"));
            // Not tried: the store would only report the clash the skipped delete was meant to clear.
            for (var i = 0; i < uploads.Count; i++)
            {
                if (!blocked[i]) continue;
                var skipped = new ItemOutcome(uploads[i], ItemStatus.NotRun,
                    Error: "not uploaded because it replaces a destination entry whose delete was skipped");
                _uploaded[i] = skipped;
                Report(skipped);
            }
        }
        var result = Collect(plan, item => throw new InvalidOperationException($"'{item.Path}' was never run."));
        await store.CompleteAsync(ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// After <see cref="RunAsync"/> stopped part-way: the plan's items in order, each with its outcome, or "not run"
    /// with why the run stopped.
    /// </summary>
    public TransferResult SoFar(SyncPlan plan, string stoppedBy) =>
        Collect(plan,
            item => new ItemOutcome(item, ItemStatus.NotRun, Error: $"not run: the run stopped ({stoppedBy})"));

    /// <summary>The outcomes in plan order: uploads and deletes are met in the order they were run in.</summary>
    private TransferResult Collect(SyncPlan plan, Func<PlanItem, ItemOutcome> notRun)
    {
        var outcomes = new OutcomeList(plan.Items.Count);
        int upload = 0, delete = 0;
        var deletesSkipped = false;
        foreach (var slot in plan.Slots())
        {
            if (slot is not PlanItem item || item.Action == PlanAction.Unchanged) outcomes.AddUnchanged(slot);
            else if (item.Action == PlanAction.Error) outcomes.Add(Failed(item));
            else if (item.IsUpload) outcomes.Add(_uploaded.ElementAtOrDefault(upload++) ?? notRun(item));
            else
            {
                var deleted = delete < _deleted.Count ? _deleted[delete++] : notRun(item);
                deletesSkipped |= deleted.Status == ItemStatus.NotRun;
                outcomes.Add(deleted);
            }
        }
        return new TransferResult(outcomes, deletesSkipped);
    }

    private static ItemOutcome Failed(PlanItem error) => new(error, ItemStatus.Failed, Error: error.Reason);

    private Task UploadAllAsync(List<PlanItem> uploads, Func<int, bool> include, CancellationToken ct) =>
        Parallel.ForEachAsync(Enumerable.Range(0, uploads.Count).Where(include),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallel), CancellationToken = ct },
            async (i, token) =>
            {
                var outcome = await UploadAsync(uploads[i], token).ConfigureAwait(false);
                _uploaded[i] = OutcomeList.Slot(outcome);
                // As each file finishes, not after the last: progress, -v lines and CI annotations follow the run.
                Report(outcome);
            });

    private void Deleted(ItemOutcome outcome)
    {
        _deleted.Add(outcome);
        Report(outcome);
    }

    // One at a time, so observers that print or call CI hooks never interleave lines.
    private void Report(ItemOutcome outcome)
    {
        if (outcome.Status == ItemStatus.Unchanged || observer is null) return;
        lock (_reportGate) observer.Completed(outcome);
    }

    private async Task<ItemOutcome> UploadAsync(PlanItem item, CancellationToken ct)
    {
        var progress = observer is null ? null : new BytesProgress(observer);
        var source = item.Local!;
        var write = new StoreWrite(item.Path, source, item.Headers!, item.Remote, options.Force, progress);
        var bytes = Math.Min(source.Size, TransferOptions.MaxHeldPerFile);
        using var held = await _memory.ReserveAsync(bytes, ct).ConfigureAwait(false);
        return await WithRetries(item, async token =>
        {
            progress?.Reset();
            var result = await store.WriteAsync(write, token).ConfigureAwait(false);
            return new ItemOutcome(item, ItemStatus.Uploaded, result.BytesSent);
        }, ct).ConfigureAwait(false);
    }

    private Task<ItemOutcome> DeleteAsync(PlanItem item, CancellationToken ct) =>
        WithRetries(item, async token =>
        {
            await store.DeleteAsync(item.Remote!, options.Force, token).ConfigureAwait(false);
            return new ItemOutcome(item, ItemStatus.Deleted);
        }, ct);

    private async Task<ItemOutcome> WithRetries(
        PlanItem item, Func<CancellationToken, Task<ItemOutcome>> action, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(ct).ConfigureAwait(false);
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict)
            {
                return new ItemOutcome(item, ItemStatus.Conflict,
                    Error: e.Message + " Re-run to pick up the new state, or use --force to " +
                           (item.Action == PlanAction.Delete ? "delete it anyway." : "overwrite."), ErrorKind: e.Kind);
            }
            catch (Exception e) when (IsTransient(e) && attempt < options.MaxAttempts && !ct.IsCancellationRequested)
            {
                var delay = (options.RetryDelay ?? TimeSpan.FromMilliseconds(200)) * attempt;
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
            catch (StoreException e)
            {
                return new ItemOutcome(item, ItemStatus.Failed, Error: e.Message, ErrorKind: e.Kind);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new ItemOutcome(item, ItemStatus.Failed, Error: e.Message);
            }
        }
    }

    private static bool IsTransient(Exception e) =>
        e is StoreException { IsTransient: true }
        || (e is IOException && e is not FileNotFoundException and not DirectoryNotFoundException);

    /// <summary>Forwards byte counts; a retried attempt's earlier bytes are taken back so totals stay honest.</summary>
    private sealed class BytesProgress(ITransferObserver observer) : IProgress<long>
    {
        private long _reported;
        public void Report(long value)
        {
            var delta = value - Interlocked.Exchange(ref _reported, value);
            if (delta != 0) observer.BytesSent(delta);
        }
        public void Reset() => Report(0);
    }
}

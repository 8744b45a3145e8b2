using System.Collections.Concurrent;
using AzSync.Core.Hashing;
using AzSync.Core.Manifest;
using AzSync.Core.Planning;
using AzSync.Core.Selection;
using AzSync.Core.Stores;

namespace AzSync.Core;

/// <summary>Everything a run needs to know, after the manifest and the flags have been merged.</summary>
/// <param name="Preview">A plan or dry run: nothing may change, so a destination that would be created is planned as
/// empty instead of being created.</param>
/// <param name="Shard">Only this shard of the selection is planned (a CI matrix job); such a run never deletes.</param>
public sealed record SyncJob(
    IReadOnlyList<Mapping> Mappings,
    bool Delete,
    DeleteLimit? MaxDelete,
    SelectionOptions Selection,
    int Parallel,
    bool CreateDestination = false,
    bool Preview = false,
    Shard? Shard = null);

/// <summary>How long each stage before the plan took; listing and hashing overlap, so they do not add up.</summary>
public sealed record StageTimes(TimeSpan Selection, TimeSpan Hashing, TimeSpan RemoteIndex, long BytesHashed);

/// <summary>What the listing found: how many entries under the targets, or that the destination is not there yet.
/// </summary>
public sealed record DestinationListing(int Entries, bool DestinationMissing = false);

/// <summary>The plan and what the stages before it found, for the report.</summary>
public sealed record PlannedSync(SyncPlan Plan, Selection.Selection Selection, DestinationListing Remote,
    StageTimes Times);

/// <summary>
/// manifest → selection → hashing, alongside the listing matched against the selection as it arrives → plan. The
/// transfer and report stages follow in the caller, which decides (dry run, plan command, delete guard) whether to
/// transfer at all.
/// </summary>
public sealed class SyncPipeline(IStore store)
{
    public async Task<PlannedSync> PlanAsync(SyncJob job, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // A shard sees only part of the selection: everything else would look deleted.
        var destination = new DestinationMatcher(job.Mappings, delete: job.Delete && job.Shard is null);
        // The remote side needs only the targets, not the selection, so it starts first and the walk, the hashing
        // and the listing all overlap: on a run with nothing to send, the listing is the longest stage.
        using var remoteFailed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var selectionValid = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var remoteTask =
            Task.Run(() => ListRemoteAsync(job, destination, selectionValid.Task, clock, remoteFailed), ct);
        Selection.Selection selection;
        SelectedFile[] files;
        IReadOnlyList<HashFailure> failures;
        TimeSpan selected, hashed;
        try
        {
            selection = FileSelector.Select(job.Mappings, job.Selection);
            selected = clock.Elapsed;
            selectionValid.SetResult();
            // The whole selection is still reported: a shard that happens to hold nothing is not an empty selection.
            var mine = job.Shard is { } shard
                ? shard.Filter(selection, store.Features.CaseInsensitiveNames)
                : selection;
            files = [.. mine.Files];
            Array.Sort(files, (a, b) => string.CompareOrdinal(a.DestinationPath, b.DestinationPath));
            destination.Select(files);
            failures = await HashAsync(files, destination, job.Parallel, remoteFailed.Token).ConfigureAwait(false);
            hashed = clock.Elapsed - selected;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Hashing stopped because the destination failed: its error is the one to report.
            await remoteTask.ConfigureAwait(false);
            throw;
        }
        catch
        {
            // A bad selection is the user's to fix first; the listing it interrupts has nothing to add.
            await remoteFailed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(remoteTask).ConfigureAwait(false);
            _ = remoteTask.Exception;
            throw;
        }
        var (missing, listing) = await remoteTask.ConfigureAwait(false);
        var problems = selection.Problems.Concat(failures.Select(f => new SelectionProblem(f.FullPath, f.Reason)));
        var plan = Planner.Plan(files, problems, destination, store.CheckName);
        var bytes = files.Sum(f => f.Hash == HashState.Hashed ? f.Size : 0);
        var times = new StageTimes(selected, hashed, listing, bytes);
        return new PlannedSync(plan, selection, new DestinationListing(destination.Listed, missing), times);
    }

    private async Task<(bool Missing, TimeSpan Took)> ListRemoteAsync(SyncJob job, DestinationMatcher destination,
        Task selectionValid, System.Diagnostics.Stopwatch clock, CancellationTokenSource onFailure)
    {
        try
        {
            var create = job.CreateDestination && !job.Preview;
            // Creating the destination is a change: a bad glob must stop the run before it makes one.
            if (create) await selectionValid.WaitAsync(onFailure.Token).ConfigureAwait(false);
            var start = clock.Elapsed;
            try
            {
                await store.PrepareAsync(create, onFailure.Token).ConfigureAwait(false);
            }
            catch (StoreException e)
                when (e.Kind == StoreErrorKind.DestinationNotFound && job.Preview && job.CreateDestination)
            {
                // The real run would create it, empty.
                return (true, clock.Elapsed - start);
            }
            destination.Prepared(store.Features);
            await RemoteIndex.ListAsync(store, job.Mappings, destination.AddAsync, onFailure.Token)
                .ConfigureAwait(false);
            return (false, clock.Elapsed - start);
        }
        catch
        {
            // No point hashing on for a destination that cannot be reached.
            await onFailure.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<IReadOnlyList<HashFailure>> HashAsync(SelectedFile[] files,
        DestinationMatcher destination, int parallel, CancellationToken ct)
    {
        // Hashing is bound by the disk and CPU, not the network: more readers than cores only thrash.
        var hasher = new FileHasher(Math.Min(parallel, Environment.ProcessorCount));
        var failures = new ConcurrentBag<HashFailure>();
        await hasher.HashEachAsync(files.Length, i => files[i].FullPath,
            (i, size, md5) => DestinationMatcher.Hashed(files[i], size, md5),
            (i, failure) =>
            {
                destination.Failed(files[i]);
                failures.Add(failure);
            }, null, ct).ConfigureAwait(false);
        return [.. failures.OrderBy(f => f.FullPath, StringComparer.Ordinal)];
    }
}

using AzSync.Core.Hashing;
using AzSync.Core.Manifest;
using AzSync.Core.Planning;
using AzSync.Core.Selection;
using AzSync.Core.Stores;

namespace AzSync.Core;

/// <summary>Everything a run needs to know, after the manifest and the flags have been merged.</summary>
public sealed record SyncJob(
    IReadOnlyList<Mapping> Mappings,
    bool Delete,
    DeleteLimit? MaxDelete,
    SelectionOptions Selection,
    int Parallel,
    bool CreateDestination = false);

/// <summary>How long each stage before the plan took; listing and hashing overlap, so they do not add up.</summary>
public sealed record StageTimes(TimeSpan Selection, TimeSpan Hashing, TimeSpan RemoteIndex, long BytesHashed);

/// <summary>The plan and what the stages before it found, for the report.</summary>
public sealed record PlannedSync(SyncPlan Plan, Selection.Selection Selection, RemoteIndex Remote, StageTimes Times);

/// <summary>
/// manifest → selection → hashing → remote index → plan. The transfer and report stages follow in the caller,
/// which decides (dry run, plan command, delete guard) whether to transfer at all.
/// </summary>
public sealed class SyncPipeline(IStore store)
{
    public async Task<PlannedSync> PlanAsync(SyncJob job, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var selection = FileSelector.Select(job.Mappings, job.Selection);
        var selected = clock.Elapsed;
        await store.PrepareAsync(job.CreateDestination, ct).ConfigureAwait(false);
        // Listing and hashing touch different machines, so they overlap.
        var listStart = clock.Elapsed;
        var remoteTask = Timed(RemoteIndex.LoadAsync(store, job.Mappings, ct), clock);
        var hashStart = clock.Elapsed;
        var source = await HashAsync(selection, job.Parallel, ct).ConfigureAwait(false);
        var hashed = clock.Elapsed - hashStart;
        var (remote, listEnd) = await remoteTask.ConfigureAwait(false);
        var plan = Planner.Plan(source, remote, job.Mappings, job.Delete, store.CheckName);
        return new PlannedSync(plan, selection, remote, new StageTimes(selected, hashed, listEnd - listStart, source.Files.Sum(f => f.Hash.Size)));
    }

    private static async Task<(T Value, TimeSpan At)> Timed<T>(Task<T> task, System.Diagnostics.Stopwatch clock) =>
        (await task.ConfigureAwait(false), clock.Elapsed);

    private static async Task<SourceState> HashAsync(Selection.Selection selection, int parallel, CancellationToken ct)
    {
        // Hashing is bound by the disk and CPU, not the network: more readers than cores only thrash.
        var hasher = new FileHasher(Math.Min(parallel, Environment.ProcessorCount));
        var (hashes, failures) = await hasher.HashAsync(selection.Files.Select(f => f.FullPath).ToList(), null, ct).ConfigureAwait(false);
        var files = selection.Files.Zip(hashes).Where(p => p.Second is not null).Select(p => (p.First, p.Second!)).ToList();
        var problems = selection.Problems.Concat(failures.Select(f => new SelectionProblem(f.FullPath, f.Reason))).ToList();
        return new SourceState(files, problems);
    }
}

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

/// <summary>The plan and what the stages before it found, for the report.</summary>
public sealed record PlannedSync(SyncPlan Plan, Selection.Selection Selection, RemoteIndex Remote);

/// <summary>
/// manifest → selection → hashing → remote index → plan. The transfer and report stages follow in the caller,
/// which decides (dry run, plan command, delete guard) whether to transfer at all.
/// </summary>
public sealed class SyncPipeline(IStore store)
{
    public async Task<PlannedSync> PlanAsync(SyncJob job, CancellationToken ct)
    {
        var selection = FileSelector.Select(job.Mappings, job.Selection);
        await store.PrepareAsync(job.CreateDestination, ct).ConfigureAwait(false);
        // Listing and hashing touch different machines, so they overlap.
        var remoteTask = RemoteIndex.LoadAsync(store, job.Mappings, ct);
        var source = await HashAsync(selection, job.Parallel, ct).ConfigureAwait(false);
        var remote = await remoteTask.ConfigureAwait(false);
        var plan = Planner.Plan(source, remote, job.Mappings, job.Delete, store.CheckName);
        return new PlannedSync(plan, selection, remote);
    }

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

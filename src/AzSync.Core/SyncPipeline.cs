using AzSync.Core.Hashing;
using AzSync.Core.Manifest;
using AzSync.Core.Planning;
using AzSync.Core.Selection;
using AzSync.Core.Stores;
using System.Security.Cryptography;

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
        var files = new (SelectedFile, LocalFile)?[selection.Files.Count];
        var problems = new System.Collections.Concurrent.ConcurrentBag<SelectionProblem>(selection.Problems);
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(parallel, Environment.ProcessorCount)), CancellationToken = ct },
            async (i, token) =>
            {
                var file = selection.Files[i];
                try
                {
                    await using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, true);
                    var md5 = await MD5.HashDataAsync(stream, token).ConfigureAwait(false);
                    files[i] = (file, new LocalFile(file.FullPath, stream.Length, md5));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add(new SelectionProblem(file.FullPath, $"cannot read: {e.Message}"));
                }
            }).ConfigureAwait(false);
        return new SourceState(files.Where(f => f is not null).Select(f => f!.Value).ToList(), problems.ToList());
    }
}

using System.CommandLine;
using AzSync.Commands;
using AzSync.Stores;

// The hashing readers run on threads of their own (FileHasher), but a read that completes asynchronously resumes on
// the pool, and the pool adds threads for starvation only when the process is below 80% CPU: at the runtime's
// default minimum (one thread per core) a Blob listing's socket completions waited for the hashing to end instead of
// overlapping it. A few spare threads keep them apart.
ThreadPool.GetMinThreads(out var workers, out var completions);
ThreadPool.SetMinThreads(workers + SpareThreads, completions);

var root = new RootCommand(
    "azsync — sync local files chosen by glob manifests to Azure Blob, Azure Files or a local folder, " +
    """
    moving only what changed.

    Examples:
      azsync sync ./public ./out/site                 sync a folder to a local folder
      azsync sync --manifest azsync.yaml               sync what a manifest describes
      azsync plan --detailed-exitcode                  show what would change; exit 2 when something would
      azsync manifest validate azsync.yaml             check a manifest without touching any file
    """);
foreach (var command in SyncCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(ManifestCommands.Create());
foreach (var command in AuthCommands.Create(StoreFactory.ProbeAsync)) root.Subcommands.Add(command);

HelpLayout.Apply(root);

return await CommandRunner.RunAsync(root, args);

/// <summary>Thread-pool threads beyond one per core, for work that waits on the network (listings, uploads).</summary>
internal static partial class Program
{
    private const int SpareThreads = 4;
}

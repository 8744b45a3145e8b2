using System.CommandLine;
using AzSync.Commands;
using AzSync.Stores;

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

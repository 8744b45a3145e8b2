using System.CommandLine;
using AzSync.Core.Run;
using AzSync.Stores;

namespace AzSync.Commands;

/// <summary>`azsync sync` and `azsync plan`: the same selection and plan; only sync transfers. The run itself is
/// <see cref="SyncRun"/>'s; this is the command line.</summary>
internal static class SyncCommands
{
    public static IEnumerable<Command> Create()
    {
        var syncOptions = new SyncOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Plan and report, change nothing." };
        var sync = new Command("sync",
            """
            Upload what changed (by content MD5, never by modification time) and optionally delete what is gone.

            Examples:
              azsync sync ./public ./out/site
              azsync sync ./dist https://ACCOUNT.blob.core.windows.net/web --delete --max-delete 10
              azsync sync --manifest azsync.yaml --dry-run
              azsync sync ./build --include '**/*.js' --exclude '**/*.map' ./out
            """);
        syncOptions.AddTo(sync);
        sync.Options.Add(dryRun);
        sync.SetAction((parse, ct) =>
            RunAsync(parse, syncOptions, parse.GetValue(dryRun) ? RunMode.DryRun : RunMode.Sync, false, ct));

        var planOptions = new SyncOptions();
        var detailed = new Option<bool>("--detailed-exitcode")
        {
            Description = "Exit 0 when nothing would change, 2 when something would (as terraform plan).",
        };
        var plan = new Command("plan",
            "Show what sync would do: each path with its action (upload new, upload changed, unchanged, delete) " +
            """
            and the reason.

            Examples:
              azsync plan ./public ./out/site
              azsync plan --manifest azsync.yaml --detailed-exitcode
              azsync plan --output json > plan.json
            """);
        planOptions.AddTo(plan);
        plan.Options.Add(detailed);
        plan.SetAction((parse, ct) => RunAsync(parse, planOptions, RunMode.Plan, parse.GetValue(detailed), ct));
        return [sync, plan];
    }

    /// <summary>The run the command line asks for, on the process's console, environment and clock.</summary>
    private static Task<int> RunAsync(ParseResult parse, SyncOptions o, RunMode mode, bool detailedExitCode,
        CancellationToken ct)
    {
        var flags = o.Read(parse, mode, detailedExitCode);
        var console = new RunConsole(Console.Out, Console.Error, ErrorIsTerminal: !Console.IsErrorRedirected);
        var run = new SyncRun(console, Environment.GetEnvironmentVariable, TimeProvider.System,
            (destination, log) => StoreFactory.Open(destination, o.StoreOptions(parse, log)));
        return run.RunAsync(flags, ct);
    }
}

using System.CommandLine;
using AzSync.Core;
using AzSync.Core.Planning;
using AzSync.Core.Reporting;
using AzSync.Core.Selection;
using AzSync.Core.Stores;
using AzSync.Core.Transfer;
using AzSync.Output;
using AzSync.Stores;

namespace AzSync.Commands;

/// <summary>`azsync sync` and `azsync plan`: the same selection and plan; only sync transfers.</summary>
public static class SyncCommands
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
        sync.SetAction((parse, ct) => RunAsync(parse, syncOptions, parse.GetValue(dryRun) ? Mode.DryRun : Mode.Sync, false, ct));

        var planOptions = new SyncOptions();
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 0 when nothing would change, 2 when something would (as terraform plan)." };
        var plan = new Command("plan",
            """
            Show what sync would do: each path with its action (upload new, upload changed, unchanged, delete) and the reason.

            Examples:
              azsync plan ./public ./out/site
              azsync plan --manifest azsync.yaml --detailed-exitcode
              azsync plan --output json > plan.json
            """);
        planOptions.AddTo(plan);
        plan.Options.Add(detailed);
        plan.SetAction((parse, ct) => RunAsync(parse, planOptions, Mode.Plan, parse.GetValue(detailed), ct));
        return [sync, plan];
    }

    private enum Mode { Sync, DryRun, Plan }

    private static async Task<int> RunAsync(ParseResult parse, SyncOptions o, Mode mode, bool detailedExitCode, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var verbosity = parse.GetValue(o.Quiet) ? Verbosity.Quiet : parse.GetValue(o.Verbose) ? Verbosity.Verbose : Verbosity.Normal;
        var output = OutputModes.Resolve(parse.GetValue(o.Output), Environment.GetEnvironmentVariable);
        // Machine-readable stdout must stay clean: human messages go to stderr.
        var human = output == OutputMode.Json ? Console.Error : Console.Out;
        var settings = JobBuilder.Build(parse, o, Console.Error);
        var ci = Ci.CiAgents.For(output, Environment.GetEnvironmentVariable, Console.Out);
        var command = mode == Mode.Plan ? "plan" : "sync";

        await using var store = StoreFactory.Open(settings.Destination,
            new StoreOpenOptions(parse.GetValue(o.DestinationType), parse.GetValue(o.AllowHttp), o.Auth.Request(parse, new AuthCommandContext()),
                verbosity == Verbosity.Verbose ? Console.Error : null, parse.GetValue(o.IgnoreReadOnly),
                verbosity == Verbosity.Quiet ? null : note => Console.Error.WriteLine("note: " + NoControl(note))));
        if (store is Core.Stores.Local.LocalStore) JobBuilder.CheckNoOverlap(store.DisplayName, settings.Job.Mappings);
        PlannedSync planned;
        try
        {
            planned = await new SyncPipeline(store).PlanAsync(settings.Job with { Preview = mode != Mode.Sync }, ct);
        }
        catch (SelectionException e)
        {
            throw new UserFacingException(ExitCodes.Usage, e.Message);
        }
        catch (StoreException e)
        {
            throw UserFacing(e);
        }

        if (verbosity == Verbosity.Verbose)
        {
            // Where the time before the transfer went: the first thing to look at when a no-change run feels slow.
            var t = planned.Times;
            Console.Error.WriteLine($"stages: selection {Format.Seconds(t.Selection.TotalSeconds)} ({planned.Selection.Files.Count} files), " +
                $"hashing {Format.Seconds(t.Hashing.TotalSeconds)} ({Format.Bytes(t.BytesHashed)}), " +
                $"remote index {Format.Seconds(t.RemoteIndex.TotalSeconds)} ({planned.Remote.Entries.Count} entries, fetched alongside selection and hashing)");
        }

        // An unlisted folder is the cause, not an empty selection: its errors come first (with the plan or the
        // transfer), and the note after them says nothing was selected because of them.
        var unlisted = planned.Selection.Problems.Count(p => p.FolderUnlisted);
        var unlistedNote = planned.Selection.Files.Count == 0 && unlisted > 0
            ? $"warning: nothing could be selected: {unlisted} {(unlisted == 1 ? "folder" : "folders")} could not be listed."
            : null;
        if (planned.Selection.Files.Count == 0 && unlistedNote is null)
        {
            var message = $"The selection is empty: no file under {string.Join(", ", settings.Job.Mappings.Select(m => m.Source))} matches the include/exclude globs.";
            if (settings.FailOnEmpty) throw new UserFacingException(ExitCodes.Usage, message + " (--fail-on-empty)");
            Console.Error.WriteLine($"warning: {message}");
        }
        if (verbosity != Verbosity.Quiet && planned.Selection.SkippedSymlinks > 0)
            Console.Error.WriteLine($"note: {planned.Selection.SkippedSymlinks} symbolic link(s) skipped; use --follow-symlinks to follow them.");
        if (verbosity != Verbosity.Quiet)
            foreach (var loop in planned.Selection.SymlinkLoops)
                Console.Error.WriteLine($"note: symbolic link '{Format.Path(loop)}' loops back to a folder it is in; skipped.");

        if (verbosity != Verbosity.Quiet && planned.Remote.DestinationMissing)
            Console.Error.WriteLine($"note: {store.DisplayName} does not exist yet; sync --create-container will create it.");

        var plan = planned.Plan;
        // A preview that passes where the real run would stop (a pull-request check before a deploy) would mislead.
        var stop = DeleteGuard.Check(plan, settings.Job.MaxDelete, preview: mode != Mode.Sync);
        if (mode != Mode.Sync)
        {
            var exit = stop is not null ? ExitCodes.SafetyStop
                : plan.Count(PlanAction.Error) > 0 ? ExitCodes.Failed
                : detailedExitCode && plan.HasChanges ? ExitCodes.Changes : ExitCodes.Ok;
            var report = SyncReport.FromPlan(command, store.DisplayName, started, plan, exit) with { Error = stop };
            if (output != OutputMode.Json) PlanPrinter.Print(human, store.DisplayName, plan, verbosity);
            WriteReport(parse, o, output, report, ci);
            if (unlistedNote is not null) Console.Error.WriteLine(unlistedNote);
            if (stop is not null) throw new UserFacingException(ExitCodes.SafetyStop, stop);
            return exit;
        }
        // -v lists every path with its action and reason, unchanged ones too (as plan does), then each result as it
        // completes; in a GitHub log the plan folds away under one line, and there it holds the changes even without -v.
        var verbose = verbosity == Verbosity.Verbose;
        if (output == OutputMode.GitHub && verbosity != Verbosity.Quiet && (plan.HasChanges || verbose))
        {
            human.WriteLine($"::group::azsync plan: {plan.Count(PlanAction.UploadNew) + plan.Count(PlanAction.UploadChanged)} to upload, {plan.Count(PlanAction.Delete)} to delete");
            PlanPrinter.PrintItems(human, verbose ? plan.Items : plan.Items.Where(i => i.Action != PlanAction.Unchanged).ToList());
            human.WriteLine("::endgroup::");
        }
        else if (verbose)
        {
            human.WriteLine($"Plan for {store.DisplayName}:");
            PlanPrinter.PrintItems(human, plan.Items);
        }

        if (stop is not null)
        {
            var report = SyncReport.FromPlan(command, store.DisplayName, started, plan, ExitCodes.SafetyStop) with { DryRun = false, Error = stop };
            WriteReport(parse, o, output, report, ci);
            throw new UserFacingException(ExitCodes.SafetyStop, stop);
        }

        TransferResult result;
        using (var progress = new ProgressReporter(Console.Error, verbosity, !Console.IsErrorRedirected && output == OutputMode.Text,
                   ci is null ? null : ci.FileFailed, ci is null ? null : ci.Progress))
        {
            var recorder = new OutcomeRecorder(progress);
            var engine = new TransferEngine(store, new TransferOptions(settings.Job.Parallel, parse.GetValue(o.Force)), recorder);
            try
            {
                result = await engine.RunAsync(plan, ct);
            }
            catch (Exception e)
            {
                // Per-file failures are outcomes; this is the run stopping as a whole (the store failing to finish, say).
                // What was done is on the destination by now, so the summary and the report still say what it was.
                var stopped = e switch
                {
                    StoreException storeError => UserFacing(storeError),
                    OperationCanceledException => new UserFacingException(ExitCodes.Cancelled, "Cancelled."),
                    UserFacingException user => user,
                    _ => new UserFacingException(ExitCodes.Failed, $"unexpected {e.GetType().Name}: {Format.Path(e.Message)}"),
                };
                progress.Dispose();
                var partial = SyncReport.FromRun(command, store.DisplayName, started, plan,
                    recorder.SoFar(plan, stopped.Message.TrimEnd('.')), stopped.ExitCode) with { Error = stopped.Message };
                if (output != OutputMode.Json) PrintSummary(human, partial, verbosity);
                WriteReport(parse, o, output, partial, ci);
                if (e is OperationCanceledException) throw;
                throw stopped;
            }
        }
        var exitCode = result.AllSucceeded ? ExitCodes.Ok
            : result.Outcomes.Any(x => x.ErrorKind == StoreErrorKind.Unauthorized) ? ExitCodes.AuthFailed : ExitCodes.Failed;
        var final = SyncReport.FromRun(command, store.DisplayName, started, plan, result, exitCode);
        if (output != OutputMode.Json) PrintSummary(human, final, verbosity);
        WriteReport(parse, o, output, final, ci);
        if (unlistedNote is not null) Console.Error.WriteLine(unlistedNote);
        return exitCode;
    }

    /// <summary>A store's note names paths, and a control character in one must not start a line of its own (a CI command).</summary>
    private static string NoControl(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static UserFacingException UserFacing(StoreException e) => new(ExitCodes.For(e.Kind), e.Message);

    private static void PrintSummary(TextWriter w, SyncReport report, Verbosity verbosity)
    {
        var t = report.Totals;
        w.WriteLine($"Synced to {report.Destination}: {t.Uploaded} uploaded ({t.UploadedNew} new, {t.UploadedChanged} changed), {t.Unchanged} unchanged, " +
                    $"{t.Deleted} deleted, {t.Failed + t.Conflicts} failed; {Format.Bytes(t.BytesSent)} sent in {Format.Seconds(report.DurationSeconds)}.");
        if (report.DeletesSkipped)
            w.WriteLine("Deletes were skipped because some files failed; fix the failures and re-run.");
    }

    private static void WriteReport(ParseResult parse, SyncOptions o, OutputMode output, SyncReport report, Ci.ICiAgent? ci)
    {
        var path = parse.GetValue(o.Report);
        // Only when someone reads it: for thousands of unchanged files the JSON costs more than the rest of the report.
        var json = output == OutputMode.Json || path is not null || ci is not null ? report.ToJson() : null;
        if (output == OutputMode.Json) Console.Out.WriteLine(json);
        // CI outputs always name a report, so a later step can read it without asking for one.
        var from = "--report";
        if (path is null && ci is not null)
        {
            (from, var folder) = Ci.RunnerFile.Folder(Environment.GetEnvironmentVariable, "RUNNER_TEMP", "AGENT_TEMPDIRECTORY");
            path = Path.Combine(folder, $"azsync-report-{Guid.NewGuid():N}.json");
        }
        if (path is not null) Ci.RunnerFile.Write(from, path, p => File.WriteAllText(p, json + Environment.NewLine));
        ci?.Finish(report, Path.GetFullPath(path ?? ""));
    }
}

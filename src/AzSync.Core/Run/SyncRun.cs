using AzSync.Core.Planning;
using AzSync.Core.Reporting;
using AzSync.Core.Reporting.Outputs;
using AzSync.Core.Selection;
using AzSync.Core.Stores;
using AzSync.Core.Transfer;

namespace AzSync.Core.Run;

/// <summary>
/// One run of <c>sync</c> or <c>plan</c>, from the manifest to the report: merge the manifest and the flags, open
/// the store, plan (<see cref="SyncPipeline"/>), apply the delete guard, transfer, pick the exit code, write the
/// report. What it does is told to its outputs (<see cref="IRunOutput"/>), which alone write to the console (and
/// the store's -v account of its credential); the console, the environment and the clock are given, so a test runs
/// it in-process as the tool does.
/// </summary>
/// <exception cref="UserFacingException">The run stopped (a usage error, the delete guard, the store failing):
/// its message and exit code are for the user. Whatever report there is has been written first.</exception>
public sealed class SyncRun(RunConsole console, Func<string, string?> environment, TimeProvider clock,
    StoreOpener openStore)
{
    private readonly RunConsole _console = console with
    {
        // The transfer's workers report concurrently.
        Out = TextWriter.Synchronized(console.Out),
        Error = TextWriter.Synchronized(console.Error),
    };

    /// <returns>The exit code of a run that went to the end (<see cref="ExitCodes"/>).</returns>
    public async Task<int> RunAsync(SyncFlags flags, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var verbosity = flags.Quiet ? Verbosity.Quiet : flags.Verbose ? Verbosity.Verbose : Verbosity.Normal;
        var mode = OutputModes.Resolve(flags.Output, environment);
        var outputs = RunOutputs.For(mode, verbosity, _console, environment);
        var settings = JobBuilder.Build(flags, outputs.Note);
        var preview = flags.Mode != RunMode.Sync;

        await using var store = openStore(settings.Destination, new StoreLog(
            verbosity == Verbosity.Verbose ? _console.Error : null,
            verbosity == Verbosity.Quiet ? null : note => outputs.Note("note: " + NoControl(note))));
        if (store.LocalFolder is { } folder) Overlap.Check(folder, settings.Job.Mappings);
        var planned = await PlanAsync(store, settings.Job with { Preview = preview }, ct);
        var unlistedNote = PlanNotes.Tell(planned, settings, store.DisplayName, verbosity, outputs.Note);

        var plan = planned.Plan;
        var run = new Running(flags.Mode == RunMode.Plan ? "plan" : "sync", store, plan, started, clock, outputs,
            new ReportWriter(outputs, flags.Report, environment));
        // A preview that passes where the real run would stop (a pull-request check before a deploy) would mislead.
        var stop = DeleteGuard.Check(plan, settings.Job.MaxDelete, preview);
        outputs.Planned(new RunPlanned(store.DisplayName, plan, preview));
        if (preview)
        {
            var exit = stop is not null ? ExitCodes.SafetyStop
                : plan.Count(PlanAction.Error) > 0 ? ExitCodes.Failed
                : flags.DetailedExitCode && plan.HasChanges ? ExitCodes.Changes : ExitCodes.Ok;
            run.Report.Write(run.Planned(exit) with { Error = stop });
            if (unlistedNote is not null) outputs.Note(unlistedNote);
            if (stop is not null) throw new UserFacingException(ExitCodes.SafetyStop, stop);
            return exit;
        }
        if (stop is not null)
        {
            run.Report.Write(run.Planned(ExitCodes.SafetyStop) with { DryRun = false, Error = stop });
            throw new UserFacingException(ExitCodes.SafetyStop, stop);
        }

        var interactive = _console.ErrorIsTerminal && mode == OutputMode.Text;
        TransferResult result;
        // Over before the summary: the bar is cleared and no progress line follows the totals.
        using (var progress = new ProgressReporter(_console.Error, verbosity, interactive, outputs.Progress,
                   clock: clock))
            result = await TransferAsync(run, progress, new TransferOptions(settings.Job.Parallel, flags.Force), ct);
        var exitCode = result.AllSucceeded ? ExitCodes.Ok
            : result.Recorded.Any(x => x.ErrorKind == StoreErrorKind.Unauthorized) ? ExitCodes.AuthFailed
            : ExitCodes.Failed;
        var final = run.Transferred(result, exitCode);
        outputs.TransferDone(final);
        run.Report.Write(final);
        if (unlistedNote is not null) outputs.Note(unlistedNote);
        return exitCode;
    }

    /// <summary>What the report of a run is made from, once the plan is there.</summary>
    private sealed record Running(string Command, IStore Store, SyncPlan Plan, DateTimeOffset Started,
        TimeProvider Clock, RunOutputs Outputs, ReportWriter Report)
    {
        public SyncReport Planned(int exitCode) =>
            SyncReport.FromPlan(Command, Store.DisplayName, Started, Plan, exitCode, Clock);

        public SyncReport Transferred(TransferResult result, int exitCode) =>
            SyncReport.FromRun(Command, Store.DisplayName, Started, Plan, result, exitCode, Clock);
    }

    private static async Task<PlannedSync> PlanAsync(IStore store, SyncJob job, CancellationToken ct)
    {
        try
        {
            return await new SyncPipeline(store).PlanAsync(job, ct);
        }
        catch (SelectionException e)
        {
            throw new UserFacingException(ExitCodes.Usage, e.Message);
        }
        catch (StoreException e)
        {
            throw UserFacing(e);
        }
    }

    private static async Task<TransferResult> TransferAsync(Running run, ProgressReporter progress,
        TransferOptions options, CancellationToken ct)
    {
        // The engine keeps what it finished, so a run that stops part-way (the store failing to finish, an unexpected
        // error, Ctrl+C) still reports what it did: that is on the destination, and the summary and --report say so.
        var engine = new TransferEngine(run.Store, options, new EachFile(progress, run.Outputs.FileDone));
        try
        {
            return await engine.RunAsync(run.Plan, ct);
        }
        catch (Exception e)
        {
            // Per-file failures are outcomes; this is the run stopping as a whole (the store failing to finish,
            // say). What was done is on the destination by now, so the summary and the report still say what.
            var stopped = e switch
            {
                StoreException storeError => UserFacing(storeError),
                OperationCanceledException => new UserFacingException(ExitCodes.Cancelled, "Cancelled."),
                UserFacingException user => user,
                _ => new UserFacingException(ExitCodes.Failed,
                    $"unexpected {e.GetType().Name}: {Format.Path(e.Message)}"),
            };
            progress.Dispose();
            var soFar = engine.SoFar(run.Plan, stopped.Message.TrimEnd('.'));
            var partial = run.Transferred(soFar, stopped.ExitCode) with { Error = stopped.Message };
            run.Outputs.TransferDone(partial);
            run.Report.Write(partial);
            if (e is OperationCanceledException) throw;
            throw stopped;
        }
    }

    /// <summary>Progress, then the outputs' line or annotation per file.</summary>
    private sealed class EachFile(ITransferObserver inner, Action<ItemOutcome> done) : ITransferObserver
    {
        public void Started(long totalBytes, int totalFiles) => inner.Started(totalBytes, totalFiles);

        public void BytesSent(long bytes) => inner.BytesSent(bytes);

        public void Completed(ItemOutcome outcome)
        {
            inner.Completed(outcome);
            done(outcome);
        }
    }

    /// <summary>A store's note names paths, and a control character in one must not start a line of its own (a CI
    /// command).</summary>
    private static string NoControl(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static UserFacingException UserFacing(StoreException e) => new(ExitCodes.For(e.Kind), e.Message);
}

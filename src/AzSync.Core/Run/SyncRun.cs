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
/// report. What it does is told to its outputs (<see cref="IRunOutput"/>); the console, the environment and the
/// clock are given, so a test runs it in-process as the tool does.
/// </summary>
/// <exception cref="UserFacingException">The run stopped (a usage error, the delete guard, the store failing):
/// its message and exit code are for the user. Whatever report there is has been written first.</exception>
public sealed class SyncRun(RunConsole console, Func<string, string?> environment, TimeProvider clock,
    StoreOpener openStore)
{
    private readonly RunConsole _console = console with
    {
        // The transfer's workers report concurrently.
        Out = TextWriter.Synchronized(console.Out), Error = TextWriter.Synchronized(console.Error),
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
        var command = flags.Mode == RunMode.Plan ? "plan" : "sync";
        var report = new ReportWriter(outputs, flags.Report, environment);

        await using var store = openStore(settings.Destination, new StoreLog(
            verbosity == Verbosity.Verbose ? _console.Error : null,
            verbosity == Verbosity.Quiet ? null : note => outputs.Note("note: " + NoControl(note))));
        if (store.LocalFolder is { } folder) Overlap.Check(folder, settings.Job.Mappings);
        var planned = await PlanAsync(store, settings.Job with { Preview = preview }, ct);
        var unlistedNote = PlanNotes.Tell(planned, settings, store.DisplayName, verbosity, outputs.Note);

        var plan = planned.Plan;
        // A preview that passes where the real run would stop (a pull-request check before a deploy) would mislead.
        var stop = DeleteGuard.Check(plan, settings.Job.MaxDelete, preview);
        outputs.Planned(new RunPlanned(store.DisplayName, plan, preview));
        if (preview)
        {
            var exit = stop is not null ? ExitCodes.SafetyStop
                : plan.Count(PlanAction.Error) > 0 ? ExitCodes.Failed
                : flags.DetailedExitCode && plan.HasChanges ? ExitCodes.Changes : ExitCodes.Ok;
            report.Write(SyncReport.FromPlan(command, store.DisplayName, started, plan, exit, clock) with
            {
                Error = stop,
            });
            if (unlistedNote is not null) outputs.Note(unlistedNote);
            if (stop is not null) throw new UserFacingException(ExitCodes.SafetyStop, stop);
            return exit;
        }
        if (stop is not null)
        {
            report.Write(SyncReport.FromPlan(command, store.DisplayName, started, plan, ExitCodes.SafetyStop, clock)
                with { DryRun = false, Error = stop });
            throw new UserFacingException(ExitCodes.SafetyStop, stop);
        }

        var result = await TransferAsync(store, plan, flags, settings.Job.Parallel, verbosity, outputs, report,
            started, ct);
        var exitCode = result.AllSucceeded ? ExitCodes.Ok
            : result.Outcomes.Any(x => x.ErrorKind == StoreErrorKind.Unauthorized) ? ExitCodes.AuthFailed
            : ExitCodes.Failed;
        var final = SyncReport.FromRun(command, store.DisplayName, started, plan, result, exitCode, clock);
        outputs.TransferDone(final);
        report.Write(final);
        if (unlistedNote is not null) outputs.Note(unlistedNote);
        return exitCode;
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

    private async Task<TransferResult> TransferAsync(IStore store, SyncPlan plan, SyncFlags flags, int parallel,
        Verbosity verbosity, RunOutputs outputs, ReportWriter report, DateTimeOffset started, CancellationToken ct)
    {
        var interactive = _console.ErrorIsTerminal && outputs.Mode == OutputMode.Text;
        using var progress = new ProgressReporter(_console.Error, verbosity, interactive, outputs.Progress,
            clock: clock);
        var recorder = new OutcomeRecorder(progress, outputs.FileDone);
        var engine = new TransferEngine(store, new TransferOptions(parallel, flags.Force), recorder);
        try
        {
            return await engine.RunAsync(plan, ct);
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
            var command = flags.Mode == RunMode.Plan ? "plan" : "sync";
            var soFar = recorder.SoFar(plan, stopped.Message.TrimEnd('.'));
            var partial = SyncReport.FromRun(command, store.DisplayName, started, plan, soFar, stopped.ExitCode,
                clock) with { Error = stopped.Message };
            outputs.TransferDone(partial);
            report.Write(partial);
            if (e is OperationCanceledException) throw;
            throw stopped;
        }
    }

    /// <summary>A store's note names paths, and a control character in one must not start a line of its own (a CI
    /// command).</summary>
    private static string NoControl(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static UserFacingException UserFacing(StoreException e) => new(ExitCodes.For(e.Kind), e.Message);
}

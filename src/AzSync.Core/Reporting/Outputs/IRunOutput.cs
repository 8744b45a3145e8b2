using AzSync.Core.Planning;
using AzSync.Core.Run;
using AzSync.Core.Transfer;

namespace AzSync.Core.Reporting.Outputs;

/// <summary>The plan is ready: a preview (plan, dry run) ends here, a sync transfers it next.</summary>
internal sealed record RunPlanned(string Destination, SyncPlan Plan, bool Preview);

/// <summary>
/// What an output observes of a run, in this order: notes, the plan, each file as it completes and the progress,
/// the end of the transfer, the final report, and where the report was written. The text, JSON, GitHub and Azure
/// Pipelines outputs each take what they show; the run writes nothing itself (but for the store's -v account of
/// its credential).
/// </summary>
internal interface IRunOutput
{
    /// <summary>A note or warning for the people reading the log ("note: …", "warning: …").</summary>
    void Note(string line) { }

    void Planned(RunPlanned planned) { }

    /// <summary>Called from the transfer's workers, concurrently.</summary>
    void FileDone(ItemOutcome outcome) { }

    void Progress(int percent) { }

    /// <summary>The transfer ran (to the end or until it stopped); the report says what it did.</summary>
    void TransferDone(SyncReport report) { }

    /// <summary>Once per run that got as far as a plan, with the report as JSON when an output or a file reads
    /// it.</summary>
    void Finished(SyncReport report, string? json) { }

    /// <summary>The report was written to <paramref name="path"/> (--report, or the CI runner's temp folder).</summary>
    void ReportWritten(SyncReport report, string path) { }
}

/// <summary>Every output of a run, told each event in turn.</summary>
internal sealed class RunOutputs(OutputMode mode, IReadOnlyList<IRunOutput> outputs) : IRunOutput
{
    public OutputMode Mode => mode;

    /// <summary>True when a CI system reads the run's report, so it is written even without --report.</summary>
    public bool ForCi { get; } = outputs.Any(o => o is GitHubActionsOutput or AzurePipelinesOutput);

    public bool Json { get; } = outputs.Any(o => o is JsonOutput);

    /// <summary>The outputs the mode asks for; text (notes, plan, summary) is always there, on stderr under
    /// JSON so that stdout stays machine-readable.</summary>
    public static RunOutputs For(OutputMode mode, Verbosity verbosity, RunConsole console,
        Func<string, string?> env)
    {
        var human = mode == OutputMode.Json ? console.Error : console.Out;
        var text = new TextOutput(human, console.Error, verbosity, mode);
        IRunOutput? other = mode switch
        {
            OutputMode.Json => new JsonOutput(console.Out),
            OutputMode.GitHub => new GitHubActionsOutput(env, console.Out, verbosity),
            OutputMode.AzurePipelines => new AzurePipelinesOutput(env, console.Out),
            _ => null,
        };
        return new RunOutputs(mode, other is null ? [text] : [text, other]);
    }

    public void Note(string line) => Each(o => o.Note(line));
    public void Planned(RunPlanned planned) => Each(o => o.Planned(planned));
    public void FileDone(ItemOutcome outcome) => Each(o => o.FileDone(outcome));
    public void Progress(int percent) => Each(o => o.Progress(percent));
    public void TransferDone(SyncReport report) => Each(o => o.TransferDone(report));
    public void Finished(SyncReport report, string? json) => Each(o => o.Finished(report, json));
    public void ReportWritten(SyncReport report, string path) => Each(o => o.ReportWritten(report, path));

    private void Each(Action<IRunOutput> tell)
    {
        foreach (var output in outputs) tell(output);
    }
}

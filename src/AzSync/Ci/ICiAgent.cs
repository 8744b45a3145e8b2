using AzSync.Core.Reporting;
using AzSync.Core.Transfer;

namespace AzSync.Ci;

/// <summary>
/// What a CI system gets from a run beyond the log: annotations, outputs, a job summary. The tool writes these
/// itself (as GitVersion's build agents do) so the GitHub Action and the Pipelines task never parse our output.
/// </summary>
public interface ICiAgent
{
    void FileFailed(ItemOutcome outcome);
    void Progress(int percent);
    /// <summary>Called once at the end with the final report (and the path it was written to).</summary>
    void Finish(SyncReport report, string reportPath);
}

public static class CiAgents
{
    public static ICiAgent? For(Output.OutputMode mode, Func<string, string?> env, TextWriter stdout) => mode switch
    {
        Output.OutputMode.GitHub => new GitHubActionsAgent(env, stdout),
        Output.OutputMode.AzurePipelines => new AzurePipelinesAgent(env, stdout),
        _ => null,
    };
}

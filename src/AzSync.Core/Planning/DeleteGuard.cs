using AzSync.Core.Manifest;

namespace AzSync.Core.Planning;

/// <summary>Stops a plan that would delete more than the limit allows (exit code 4).</summary>
public static class DeleteGuard
{
    public static readonly DeleteLimit Default = new(null, 50);

    /// <returns>Null when the plan may go ahead, else the message to show.</returns>
    /// <param name="preview">A plan or dry run, which stops where the sync would.</param>
    public static string? Check(SyncPlan plan, DeleteLimit? limit, bool preview = false)
    {
        var deletes = plan.Count(PlanAction.Delete);
        if (deletes == 0) return null;
        var effective = limit ?? Default;
        if (effective.Allows(deletes, plan.FilesUnderTargets)) return null;
        return $"Safety stop: {(preview ? "sync would stop here; " : "")}" +
               $"the plan deletes {deletes} of {plan.FilesUnderTargets} files under the targets, more than " +
               $"the limit of {effective}{(limit is null ? " (the default)" : "")}. Nothing was changed. " +
               $"If this is intended, allow it with --max-delete {deletes} " +
               "(or a percentage such as --max-delete 100%), " +
               "or set maxDelete in the manifest.";
    }
}

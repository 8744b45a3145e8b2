using AzSync.Core.Selection;
using AzSync.Core.Stores;

namespace AzSync.Core.Planning;

/// <summary>
/// Stage 5: decides, per path, upload / keep / delete from what hashing and the destination matcher left on each
/// selected file, always by content (MD5), never by modification time.
/// </summary>
public static class Planner
{
    /// <summary>
    /// Put on a file in place of its destination entry once the entry is known to hold the file's bytes under the
    /// same spelling with the headers wanted: such a file is unchanged, and neither its entry nor a plan item is kept.
    /// </summary>
    internal static readonly object SameContent = new();

    /// <param name="files">The selection (this shard of it), sorted by destination path (ordinal), each hashed or
    /// failed, with what the matcher found on it.</param>
    /// <param name="problems">What went wrong in selecting and hashing, first in the plan as errors.</param>
    internal static SyncPlan Plan(IReadOnlyList<SelectedFile> files, IEnumerable<SelectionProblem> problems,
        DestinationMatcher destination, Func<string, string?> checkName)
    {
        var errors = problems.Select(p => new PlanItem(p.Path, PlanAction.Error, p.Message)).ToList();
        var planned = new List<SelectedFile>(files.Count);
        var unchanged = 0;
        foreach (var file in files)
        {
            if (file.Hash != HashState.Hashed) continue;
            planned.Add(file);
            var path = file.DestinationPath;
            if (checkName(path) is { } nameProblem)
            {
                file.Match = new PlanItem(path, PlanAction.Error, nameProblem, file);
                continue;
            }
            if (file.Match == SameContent)
            {
                unchanged++;
                continue;
            }
            var existing = file.Match as StoreEntry;
            var (action, reason, headers) = Decide(file, existing);
            if (existing is not null && existing.Path != path)
                reason += $" (destination spells it '{existing.Path}')";
            file.Match = new PlanItem(path, action, reason, file, existing, headers);
        }
        var deletes = destination.Unclaimed()
            .Select(e => new PlanItem(e.Path, PlanAction.Delete, "not in the source selection", Remote: e)).ToList();
        return new SyncPlan(new PlanItems(errors, planned, deletes, unchanged), destination.Listed);
    }

    /// <summary>The item of a file found unchanged while it was matched, made only when it is read.</summary>
    internal static PlanItem Unchanged(SelectedFile file) => new(file.DestinationPath, PlanAction.Unchanged,
        SameMd5, file, Headers: HeaderResolver.Resolve(file.DestinationPath, file.Mapping.Headers));

    private const string SameMd5 = "same MD5";

    internal static (PlanAction Action, string Reason, ContentHeaders Headers) Decide(
        SelectedFile file, StoreEntry? existing)
    {
        var headers = HeaderResolver.Resolve(file.DestinationPath, file.Mapping.Headers);
        var (action, reason) = Compare(file, existing);
        var outdated = action == PlanAction.Unchanged
            ? HeaderResolver.Outdated(file.DestinationPath, file.Mapping.Headers, headers, existing!.Headers)
            : null;
        return outdated is { } why ? (PlanAction.UploadChanged, why, headers) : (action, reason, headers);
    }

    private static (PlanAction, string) Compare(SelectedFile local, StoreEntry? remote)
    {
        if (remote is null) return (PlanAction.UploadNew, "missing at destination");
        if (remote.ContentMd5 is null)
            return (PlanAction.UploadChanged,
                "destination has no Content-MD5 (written by another tool); rewritten once with one");
        if (remote.Size != local.Size)
            return (PlanAction.UploadChanged, $"size differs ({remote.Size} → {local.Size} bytes)");
        if (!local.SameContentAs(remote.Size, remote.ContentMd5))
            return (PlanAction.UploadChanged, "content differs (MD5)");
        return (PlanAction.Unchanged, SameMd5);
    }
}

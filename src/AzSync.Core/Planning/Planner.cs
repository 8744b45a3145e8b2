using AzSync.Core.Hashing;
using AzSync.Core.Manifest;
using AzSync.Core.Selection;
using AzSync.Core.Stores;

namespace AzSync.Core.Planning;

/// <summary>What the source side knows after hashing: each selected file, and what failed on the way.</summary>
public sealed record SourceState(
    IReadOnlyList<(SelectedFile File, LocalFile Hash)> Files,
    IReadOnlyList<SelectionProblem> Problems);

/// <summary>
/// Stage 5: compares the hashed source with the remote index and decides, per path, upload / keep / delete,
/// always by content (MD5), never by modification time.
/// </summary>
public static class Planner
{
    public static SyncPlan Plan(SourceState source, RemoteIndex remote, IReadOnlyList<Mapping> mappings, bool delete,
        Func<string, string?> checkName, StoreFeatures? features = null)
    {
        var names = features ?? StoreFeatures.Basic;
        var items = new List<PlanItem>(source.Problems.Count + source.Files.Count);
        // Every path compares as the destination compares names: a source path matching an entry only when case is
        // ignored names that same entry, and must neither be uploaded as new beside it nor see it deleted. The
        // entries are sorted that way once and searched, rather than copied into a second dictionary and a set of
        // every source path: at 200,000 files each of those costs tens of megabytes.
        var entries = new DestinationEntries(remote.Entries.Values, names.PathComparer);

        foreach (var problem in source.Problems)
            items.Add(new PlanItem(problem.Path, PlanAction.Error, problem.Message));

        foreach (var (file, hash) in source.Files.OrderBy(f => f.File.DestinationPath, StringComparer.Ordinal))
        {
            var existing = entries.Claim(file.DestinationPath);
            var headers = HeaderResolver.Resolve(file.DestinationPath, file.Mapping.Headers);
            if (checkName(file.DestinationPath) is { } nameProblem)
            {
                items.Add(new PlanItem(file.DestinationPath, PlanAction.Error, nameProblem, file, hash));
                continue;
            }
            var (action, reason) = Compare(hash, existing);
            var outdated = action == PlanAction.Unchanged
                ? HeaderResolver.Outdated(file.DestinationPath, file.Mapping.Headers, headers, existing!.Headers)
                : null;
            if (outdated is { } why)
                (action, reason) = (PlanAction.UploadChanged, why);
            if (existing is not null && existing.Path != file.DestinationPath)
                reason += $" (destination spells it '{existing.Path}')";
            items.Add(new PlanItem(file.DestinationPath, action, reason, file, hash, existing, headers));
        }

        if (delete)
        {
            var matchers = mappings.Select(m => (Mapping: m, Matcher: FileSelector.CreateMatcher(m))).ToList();
            foreach (var entry in entries.Unclaimed().OrderBy(e => e.Path, StringComparer.Ordinal))
            {
                // Files the filters exclude are left alone, as rclone does: excluding a path must never delete it.
                if (!matchers.Any(m => FileSelector.Covers(m.Mapping, m.Matcher, entry.Path, names.PathComparison)))
                    continue;
                items.Add(new PlanItem(entry.Path, PlanAction.Delete, "not in the source selection", Remote: entry));
            }
        }
        return new SyncPlan(items, remote.Entries.Count);
    }

    private static (PlanAction, string) Compare(LocalFile local, StoreEntry? remote)
    {
        if (remote is null) return (PlanAction.UploadNew, "missing at destination");
        if (remote.ContentMd5 is null)
            return (PlanAction.UploadChanged,
                "destination has no Content-MD5 (written by another tool); rewritten once with one");
        if (remote.Size != local.Size)
            return (PlanAction.UploadChanged, $"size differs ({remote.Size} → {local.Size} bytes)");
        if (!remote.ContentMd5.AsSpan().SequenceEqual(local.Md5))
            return (PlanAction.UploadChanged, "content differs (MD5)");
        return (PlanAction.Unchanged, "same MD5");
    }
}

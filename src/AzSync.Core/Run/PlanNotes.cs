using AzSync.Core.Reporting.Outputs;

namespace AzSync.Core.Run;

/// <summary>What a run says about its plan before acting on it: the stage times (-v), an empty selection,
/// skipped links and a destination still to be created.</summary>
internal static class PlanNotes
{
    /// <returns>The warning to give after the plan or the transfer when nothing could be selected because
    /// folders could not be listed (their errors come first, and are the cause); else null.</returns>
    public static string? Tell(PlannedSync planned, JobSettings settings, string destination,
        Verbosity verbosity, Action<string> note)
    {
        if (verbosity == Verbosity.Verbose)
        {
            // Where the time before the transfer went: the first thing to look at when a no-change run feels slow.
            var t = planned.Times;
            note($"stages: selection {Format.Seconds(t.Selection.TotalSeconds)} " +
                 $"({planned.Selection.Files.Count} files), " +
                 $"hashing {Format.Seconds(t.Hashing.TotalSeconds)} ({Format.Bytes(t.BytesHashed)}), " +
                 $"remote index {Format.Seconds(t.RemoteIndex.TotalSeconds)} ({planned.Remote.Entries} " +
                 "entries, fetched alongside selection and hashing)");
        }

        var unlisted = planned.Selection.Problems.Count(p => p.FolderUnlisted);
        var unlistedNote = planned.Selection.Files.Count == 0 && unlisted > 0
            ? $"warning: nothing could be selected: {unlisted} {(unlisted == 1 ? "folder" : "folders")} " +
              "could not be listed."
            : null;
        if (planned.Selection.Files.Count == 0 && unlistedNote is null)
        {
            var sources = string.Join(", ", settings.Job.Mappings.Select(m => m.Source));
            var message = $"The selection is empty: no file under {sources} matches the include/exclude globs.";
            if (settings.FailOnEmpty) throw new UserFacingException(ExitCodes.Usage, message + " (--fail-on-empty)");
            note($"warning: {message}");
        }
        if (verbosity == Verbosity.Quiet) return unlistedNote;
        if (planned.Selection.SkippedSymlinks > 0)
            note($"note: {planned.Selection.SkippedSymlinks} symbolic link(s) skipped; " +
                 "use --follow-symlinks to follow them.");
        foreach (var loop in planned.Selection.SymlinkLoops)
            note($"note: symbolic link '{Format.Path(loop)}' loops back to a folder it is in; skipped.");
        if (planned.Remote.DestinationMissing)
            note($"note: {destination} does not exist yet; sync --create-container will create it.");
        return unlistedNote;
    }
}

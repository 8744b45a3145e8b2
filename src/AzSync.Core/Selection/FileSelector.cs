using AzSync.Core.Manifest;
using Microsoft.Extensions.FileSystemGlobbing;

namespace AzSync.Core.Selection;

/// <summary>A file that matched but cannot be synced (bad name, broken link); the rest of the run goes on.</summary>
/// <param name="FolderUnlisted">A folder could not be listed, so what it holds is unknown, not unselected.</param>
public sealed record SelectionProblem(string Path, string Message, bool FolderUnlisted = false);

/// <param name="SymlinkLoops">Followed links that lead back to a folder they are in; each was skipped, once.</param>
public sealed record Selection(
    IReadOnlyList<SelectedFile> Files, IReadOnlyList<SelectionProblem> Problems, int SkippedSymlinks,
    IReadOnlyList<string> SymlinkLoops);

/// <summary>Input that makes the whole run impossible (exit code 5): missing source, colliding mappings.</summary>
public sealed class SelectionException(string message) : Exception(message);

public sealed record SelectionOptions(bool FollowSymlinks = false);

/// <summary>
/// Stage 2 of the pipeline: walks each mapping's source folder and applies its globs. The walk is ours, not the
/// globbing library's, so that symlinks are skipped by default and followed without loops when asked.
/// </summary>
public static class FileSelector
{
    public static Selection Select(IReadOnlyList<Mapping> mappings, SelectionOptions options)
    {
        var files = new List<SelectedFile>();
        var problems = new List<SelectionProblem>();
        var skippedLinks = 0;
        var loops = new SortedSet<string>(StringComparer.Ordinal);
        // Only a second mapping can claim a path the first one has: with one, no dictionary of every path is held.
        var owners = mappings.Count > 1 ? new Dictionary<string, SelectedFile>(StringComparer.Ordinal) : null;

        foreach (var mapping in mappings)
        {
            if (!Directory.Exists(mapping.Source))
                throw new SelectionException(File.Exists(mapping.Source)
                    ? $"Source '{mapping.Source}' is a file; a source must be a folder{At(mapping)}."
                    : $"Source folder '{mapping.Source}' does not exist{At(mapping)}.");

            var walk = new TreeWalker(mapping.Source, options.FollowSymlinks);
            var relativePaths = walk.Walk();
            skippedLinks += walk.SkippedSymlinks;
            loops.UnionWith(walk.SymlinkLoops);
            problems.AddRange(walk.Problems);

            var matcher = CreateMatcher(mapping);
            foreach (var matched in MatchByFolder(matcher, mapping.Source, relativePaths))
            {
                // On Linux and macOS a backslash is an ordinary character in a file name, not a separator.
                var relative = Path.DirectorySeparatorChar == '\\' ? matched.Replace('\\', '/') : matched;
                if (relative.Contains('\uFFFD'))
                {
                    problems.Add(new SelectionProblem(Path.Combine(mapping.Source, relative),
                        "the file name is not valid UTF-8; rename it to sync it"));
                    continue;
                }
                var destination = mapping.Target.Length == 0 ? relative : mapping.Target + "/" + relative;
                var file = new SelectedFile(destination, mapping);
                if (owners is not null && owners.TryGetValue(destination, out var other))
                {
                    if (other.Mapping == mapping) continue;
                    throw new SelectionException(
                        $"Two mappings write the same destination path '{destination}': " +
                        $"'{other.FullPath}'{At(other.Mapping)} " +
                        $"and '{file.FullPath}'{At(mapping)}. " +
                        "Narrow one mapping's include/exclude or give it another target.");
                }
                owners?.Add(destination, file);
                files.Add(file);
            }
        }
        return new Selection(files, problems, skippedLinks, [.. loops]);
    }

    /// <summary>
    /// Given the whole tree at once, the globbing library holds a normalised full-path copy of every path (tens of
    /// megabytes at 200,000 files). One folder's run of files at a time holds one folder's; the walk lists a
    /// folder's files together, and a glob's verdict on a path does not depend on the other paths.
    /// </summary>
    private static IEnumerable<string> MatchByFolder(Matcher matcher, string root, List<string> relativePaths)
    {
        var batch = new List<string>();
        var folder = "";
        foreach (var path in relativePaths)
        {
            var length = path.LastIndexOf('/') + 1;
            if (batch.Count > 0 && (length != folder.Length || string.CompareOrdinal(path, 0, folder, 0, length) != 0))
            {
                foreach (var match in matcher.Match(root, batch).Files) yield return match.Path;
                batch.Clear();
            }
            if (batch.Count == 0) folder = path[..length];
            batch.Add(path);
        }
        if (batch.Count > 0)
            foreach (var match in matcher.Match(root, batch).Files) yield return match.Path;
    }

    public static Matcher CreateMatcher(Mapping mapping)
    {
        // Ordinal: Linux file systems and Azure Blob names are case-sensitive.
        var matcher = new Matcher(StringComparison.Ordinal);
        var include = mapping.Include.Count > 0 ? mapping.Include : Mapping.DefaultInclude;
        matcher.AddIncludePatterns(include.SelectMany(Globs.Expand));
        matcher.AddExcludePatterns(mapping.Exclude.SelectMany(Globs.Expand));
        return matcher;
    }

    /// <summary>Whether a destination path under the mapping's target is one this mapping's filters cover.</summary>
    /// <param name="names">
    /// How the destination compares names: under a case-insensitive one, target 'docs' holds 'Docs/x'.
    /// </param>
    public static bool Covers(
        Mapping mapping, Matcher matcher, string destinationPath, StringComparison names = StringComparison.Ordinal)
    {
        string relative;
        if (mapping.Target.Length == 0) relative = destinationPath;
        else if (destinationPath.StartsWith(mapping.Target + "/", names))
            relative = destinationPath[(mapping.Target.Length + 1)..];
        else return false;
        return matcher.Match(relative).HasMatches;
    }

    private static string At(Mapping m) => m.Line > 0 ? $" (mapping at line {m.Line})" : "";
}

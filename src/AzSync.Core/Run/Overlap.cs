using AzSync.Core.Manifest;

namespace AzSync.Core.Run;

/// <summary>
/// Refuses a local destination that overlaps a source: inside it, every run would copy the destination into
/// itself; around it, the destination's listing (and --delete) would take in the source's own files.
/// </summary>
public static class Overlap
{
    public static void Check(string localDestination, IReadOnlyList<Mapping> mappings)
    {
        // Compared with links resolved: a link is another name for the same folder, so through one the destination
        // can sit inside the source (and --delete empty it) while the names say otherwise.
        var destination = Path.TrimEndingDirectorySeparator(RealPath(localDestination));
        foreach (var mapping in mappings)
        {
            var source = Path.TrimEndingDirectorySeparator(RealPath(mapping.Source));
            if (IsSameOrInside(destination, source))
                throw new UserFacingException(ExitCodes.Usage,
                    $"Destination '{destination}' is the source folder '{source}' or inside it: every run would " +
                    "copy the destination into itself. Choose a destination outside the source.");
            if (IsSameOrInside(source, destination))
                throw new UserFacingException(ExitCodes.Usage,
                    $"Source folder '{source}' is inside the destination '{destination}': the sync (and --delete) " +
                    "would act on the source's own files. Choose a destination outside the source.");
        }
    }

    /// <summary>The absolute path with every symbolic link in it resolved; a part that does not exist yet is
    /// kept.</summary>
    private static string RealPath(string path, int hops = 0)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var parts = full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            // A loop of links cannot be resolved; the path as it stands is then the best there is.
            if (new FileInfo(next).LinkTarget is { } target && hops < 40)
                return RealPath(Path.Combine([Path.GetFullPath(target, current), .. parts[(i + 1)..]]), hops + 1);
            current = next;
        }
        return current;
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path == folder || path.StartsWith(prefix, StringComparison.Ordinal);
    }
}

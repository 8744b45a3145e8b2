namespace AzSync.Core.Stores.Local;

/// <summary>
/// Measures whether a folder matches names without case (APFS and NTFS by default, SMB mounts, Linux casefold
/// folders). Assuming either way loses files: on a case-insensitive folder a case-only rename planned as an upload
/// plus a delete writes the new name over the old entry and then deletes it.
/// </summary>
internal static class CaseProbe
{
    /// <summary>
    /// Creates a uniquely named file in <paramref name="folder"/> (which must exist) and looks it up with its case
    /// flipped; the file is always removed. A folder that cannot be written is judged by its entries instead, and
    /// failing that answered "without case": planning a case-sensitive folder that way only refuses source names
    /// differing in case and replaces a file whose spelling changed, while the opposite mistake deletes files.
    /// </summary>
    public static bool MatchesWithoutCase(string folder)
    {
        var probe = Path.Combine(folder, LocalStore.TempPrefix + "probe-" + Guid.NewGuid().ToString("N")[..12]);
        FileStream handle;
        try
        {
            // Delete-on-close: Windows removes the probe even if this process is killed while it is open.
            handle = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete,
                1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FromEntries(folder) ?? true;
        }
        try
        {
            return File.Exists(Path.Combine(folder, Flip(Path.GetFileName(probe))));
        }
        finally
        {
            handle.Dispose();
            // A virus scanner holding the file open can make the close leave it; a stale one is removed by a later
            // run like any temporary file.
            try { File.Delete(probe); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Whether <paramref name="folder"/> matches names without case, judged without writing by looking up one of
    /// its entries with its case flipped; null when no entry has a letter to flip.
    /// </summary>
    public static bool? FromEntries(string folder) =>
        FromEntries(folder, new DirectoryInfo(folder).GetFileSystemInfos());

    /// <param name="entries">The folder's entries, as just listed.</param>
    public static bool? FromEntries(string folder, IReadOnlyCollection<FileSystemInfo> entries)
    {
        var names = entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        // A dangling link would not be found under any spelling.
        var candidates = entries.Where(e => e.LinkTarget is null && e.Name.Any(char.IsAsciiLetter)).Select(e => e.Name);
        foreach (var name in candidates)
        {
            var flipped = Flip(name);
            // Both spellings listed side by side can only happen where case matters.
            if (names.Contains(flipped)) return false;
            if (Path.Exists(Path.Combine(folder, flipped))) return true;
            // Not found flipped is an answer only while the entry itself is still there: another run's temporary
            // file may have gone since the listing.
            if (Path.Exists(Path.Combine(folder, name))) return false;
        }
        return null;
    }

    private static string Flip(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c)
            : char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : c));
}

namespace AzSync.Core.Selection;

/// <summary>
/// Lists every file under a root as '/'-separated relative paths. Symlinks are skipped unless followed; when
/// followed, a directory already on the current path (by its resolved location) is not entered again.
/// </summary>
internal sealed class TreeWalker(string root, bool followSymlinks)
{
    private readonly List<SelectionProblem> _problems = [];

    public IReadOnlyList<SelectionProblem> Problems => _problems;
    public int SkippedSymlinks { get; private set; }

    public List<string> Walk()
    {
        var result = new List<string>();
        var ancestors = new HashSet<string>(StringComparer.Ordinal) { RealPath(new DirectoryInfo(root)) };
        Visit(new DirectoryInfo(root), "", ancestors, result);
        return result;
    }

    private void Visit(DirectoryInfo dir, string prefix, HashSet<string> ancestors, List<string> result)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = dir.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Add(new SelectionProblem(dir.FullName, $"cannot list this folder: {e.Message}"));
            return;
        }

        foreach (var entry in entries)
        {
            var relative = prefix + entry.Name;
            FileSystemInfo target = entry;
            if (entry.LinkTarget is not null)
            {
                if (!followSymlinks)
                {
                    SkippedSymlinks++;
                    continue;
                }
                var resolved = SafeResolve(entry);
                if (resolved is null || !resolved.Exists)
                {
                    _problems.Add(new SelectionProblem(entry.FullName, "the symbolic link is broken"));
                    continue;
                }
                target = resolved;
            }

            if (target is DirectoryInfo subdir)
            {
                var real = RealPath(subdir);
                if (!ancestors.Add(real))
                {
                    _problems.Add(new SelectionProblem(entry.FullName, "the symbolic link makes a loop; it was not followed"));
                    continue;
                }
                Visit(subdir, relative + "/", ancestors, result);
                ancestors.Remove(real);
            }
            else
            {
                result.Add(relative);
            }
        }
    }

    private static FileSystemInfo? SafeResolve(FileSystemInfo link)
    {
        try { return link.ResolveLinkTarget(returnFinalTarget: true); }
        catch (IOException) { return null; }
    }

    // A followed link can lead back into the tree through any ancestor link, so compare fully resolved paths.
    private static string RealPath(DirectoryInfo dir)
    {
        if (OperatingSystem.IsWindows()) return dir.ResolveLinkTarget(true)?.FullName ?? dir.FullName;
        var resolved = NativeMethods.realpath(dir.FullName, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return dir.FullName;
        try { return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(resolved) ?? dir.FullName; }
        finally { NativeMethods.free(resolved); }
    }

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern IntPtr realpath([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

        [System.Runtime.InteropServices.DllImport("libc")]
        public static extern void free(IntPtr pointer);
    }
}

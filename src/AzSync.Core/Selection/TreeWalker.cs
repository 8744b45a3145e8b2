namespace AzSync.Core.Selection;

/// <summary>
/// Lists every file under a root as '/'-separated relative paths. Symlinks are skipped unless followed; when
/// followed, a directory already on the current path (by its resolved location) is not entered again: that link
/// is a loop, skipped like an unfollowed link rather than failing the run.
/// </summary>
internal sealed class TreeWalker(string root, bool followSymlinks)
{
    private readonly List<SelectionProblem> _problems = [];

    public IReadOnlyList<SelectionProblem> Problems => _problems;
    public int SkippedSymlinks { get; private set; }
    // A set: a loop reached through two links is met again at the same real path and is still one loop.
    private readonly SortedSet<string> _loops = new(StringComparer.Ordinal);
    public IReadOnlyCollection<string> SymlinkLoops => _loops;

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
            _problems.Add(new SelectionProblem(dir.FullName, $"cannot list this folder: {e.Message}", FolderUnlisted: true));
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
                    _loops.Add(entry.FullName);
                    continue;
                }
                Visit(subdir, relative + "/", ancestors, result);
                ancestors.Remove(real);
            }
            else if (!IsRegularFile(target.FullName))
            {
                // Opening a FIFO for reading blocks until a writer appears: the run would hang.
                _problems.Add(new SelectionProblem(entry.FullName, "not a regular file (a FIFO, socket or device); it cannot be synced"));
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

    /// <summary>False for FIFOs, sockets and devices (Linux only; elsewhere every non-directory counts as a file).</summary>
    private static bool IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux()) return true;
        // struct statx has the same layout on every architecture; stx_mode is the u16 at offset 28.
        var buffer = new byte[256];
        try
        {
            if (NativeMethods.statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return true;
        }
        catch (EntryPointNotFoundException)
        {
            return true;
        }
        var mode = BitConverter.ToUInt16(buffer, 28);
        return (mode & 0xF000) == 0x8000;
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int statx(int dirfd, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path,
            int flags, uint mask, byte[] buffer);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern IntPtr realpath([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

        [System.Runtime.InteropServices.DllImport("libc")]
        public static extern void free(IntPtr pointer);
    }
}

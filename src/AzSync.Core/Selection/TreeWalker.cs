using System.Diagnostics.CodeAnalysis;
using System.IO.Enumeration;
using System.Runtime.InteropServices;

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

    // Not the defaults, which skip dot files (Hidden, on Unix) and folders that cannot be read.
    private static readonly EnumerationOptions EveryEntry = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    public List<string> Walk()
    {
        var result = new List<string>();
        var full = Path.GetFullPath(root);
        var ancestors = new HashSet<string>(StringComparer.Ordinal) { RealPath(full) };
        Visit(full, "", ancestors, result);
        return result;
    }

    private void Visit(string dir, string prefix, HashSet<string> ancestors, List<string> result)
    {
        List<(string Name, bool IsDirectory)> entries;
        try
        {
            // Names and d_type only: no FileSystemInfo and no stat per entry; KindOf asks once for what it needs.
            entries = new FileSystemEnumerable<(string, bool)>(dir,
                    (ref FileSystemEntry e) => (e.FileName.ToString(), e.IsDirectory), EveryEntry)
                .OrderBy(e => e.Item1, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Add(new SelectionProblem(dir, $"cannot list this folder: {e.Message}", FolderUnlisted: true));
            return;
        }

        foreach (var (name, isDirectory) in entries)
        {
            var relative = prefix + name;
            var full = Path.Join(dir, name);
            var kind = KindOf(full, isDirectory);
            if (kind == EntryKind.Link)
            {
                if (!followSymlinks)
                {
                    SkippedSymlinks++;
                    continue;
                }
                var resolved = SafeResolve(isDirectory ? new DirectoryInfo(full) : new FileInfo(full));
                if (resolved is null || !resolved.Exists)
                {
                    _problems.Add(new SelectionProblem(full, "the symbolic link is broken"));
                    continue;
                }
                full = resolved.FullName;
                kind = resolved is DirectoryInfo ? EntryKind.Directory : KindOf(full, isDirectory: false);
            }

            if (kind == EntryKind.Directory)
            {
                var real = RealPath(full);
                if (!ancestors.Add(real))
                {
                    _loops.Add(Path.Join(dir, name));
                    continue;
                }
                Visit(full, relative + "/", ancestors, result);
                ancestors.Remove(real);
            }
            else if (kind == EntryKind.Other)
            {
                // Opening a FIFO for reading blocks until a writer appears: the run would hang.
                _problems.Add(new SelectionProblem(Path.Join(dir, name),
                    "not a regular file (a FIFO, socket or device); it cannot be synced"));
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
    private static string RealPath(string dir)
    {
        if (OperatingSystem.IsWindows()) return new DirectoryInfo(dir).ResolveLinkTarget(true)?.FullName ?? dir;
        var resolved = NativeMethods.realpath(dir, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return dir;
        try { return Marshal.PtrToStringUTF8(resolved) ?? dir; }
        finally { NativeMethods.free(resolved); }
    }

    private enum EntryKind { File, Directory, Link, Other }

    /// <summary>
    /// What an entry is itself (a link is a link, not what it points to), in one statx on Linux. A FIFO, socket or
    /// device is Other; elsewhere every entry that is neither a link nor a folder counts as a file.
    /// </summary>
    private static EntryKind KindOf(string path, bool isDirectory)
    {
        if (!OperatingSystem.IsLinux()) return FallbackKindOf(path, isDirectory);
        // struct statx has the same layout on every architecture; stx_mode is the u16 at offset 28.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (NativeMethods.statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, ref buffer[0]) != 0)
                return FallbackKindOf(path, isDirectory);
        }
        catch (EntryPointNotFoundException)
        {
            return FallbackKindOf(path, isDirectory);
        }
        return (BitConverter.ToUInt16(buffer[28..]) & 0xF000) switch
        {
            0x8000 => EntryKind.File,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.Link,
            _ => EntryKind.Other,
        };
    }

    private static EntryKind FallbackKindOf(string path, bool isDirectory) =>
        new FileInfo(path).LinkTarget is not null ? EntryKind.Link : isDirectory ? EntryKind.Directory : EntryKind.File;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;

    // The rule accepts LPWStr but not LPUTF8Str (dotnet/roslyn-analyzers#7502).
    [SuppressMessage("Globalization", "CA2101",
        Justification = "Every string goes as UTF-8 (LPUTF8Str), as libc expects: no ANSI conversion.")]
    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags,
            uint mask, ref byte buffer);

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

        [DllImport("libc")]
        public static extern void free(IntPtr pointer);
    }
}

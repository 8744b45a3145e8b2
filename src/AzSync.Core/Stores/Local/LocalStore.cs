using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace AzSync.Core.Stores.Local;

/// <summary>
/// A folder on this machine as a destination. Every write goes to a temporary name in the target folder and is
/// renamed into place, so readers never see half a file and a killed run leaves no partial file under a final
/// name. Destination hashes are cached in <see cref="LocalIndex"/> keyed by the destination file's own size and
/// modification time, so a re-sync reads the source once, not both sides. Symbolic links inside the folder are
/// left alone: not listed, not followed, never deleted or written through, so a link to elsewhere cannot turn a
/// --delete into a deletion outside the destination.
/// </summary>
public sealed class LocalStore : IStore
{
    internal const string TempPrefix = ".azsync-tmp-";
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromMinutes(10);
    private readonly string _root;
    private readonly LocalIndex _index;
    // The spellings seen, where names match without case: the set hands back the one it holds.
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private int _listings;

    public LocalStore(string root)
    {
        // Without the trailing separator, or every path would look like it leaves the folder ("d/" + "/a").
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _index = new LocalIndex(_root);
    }

    public string DisplayName => _root;

    /// <summary>Whether names match without case is measured by <see cref="PrepareAsync"/>, never assumed.</summary>
    public StoreFeatures Features { get; private set; } = StoreFeatures.Basic;

    public string? LocalFolder => _root;

    public Task PrepareAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        // A file anywhere on the way would only show when the first write fails, once per file.
        for (var path = _root; !string.IsNullOrEmpty(path) && !Directory.Exists(path);
             path = Path.GetDirectoryName(path))
        {
            if (!File.Exists(path)) continue;
            throw new StoreException(StoreErrorKind.InvalidDestination, path == _root
                ? $"Destination '{_root}' is a file, not a folder."
                : $"Destination '{_root}' cannot be created: '{path}' is a file.");
        }
        // A missing local destination folder is created by the first write or at the end of a sync, as cp -r and
        // rclone do; not here, because plan and --dry-run must not change anything. Its nearest existing parent
        // is probed instead: folders created in it take its case rule.
        var existing = _root;
        while (!Directory.Exists(existing)) existing = Path.GetDirectoryName(existing)!;
        Features = Features with { CaseInsensitiveNames = CaseProbe.MatchesWithoutCase(existing) };
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoreEntry> ListAsync(
        string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Not there yet: an empty destination, which the sync will create.
        if (!Directory.Exists(_root)) yield break;
        var start = Path.Combine(_root, prefix.TrimEnd('/'));
        var directory = prefix.EndsWith('/') || prefix.Length == 0 ? start : Path.GetDirectoryName(start)!;
        if (!Directory.Exists(directory) || LinkOnTheWay(directory) is not null) yield break;

        // ReparsePoint (which .NET sets for symlinks on Unix too): linked files and folders are neither listed nor
        // descended into.
        var options =
            new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(directory)]);
        Interlocked.Increment(ref _listings);
        try
        {
            while (pending.TryPop(out var folder))
            {
                var entries = folder.GetFileSystemInfos("*", options);
                CheckSameCaseRule(folder, entries);
                foreach (var entry in entries)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (entry is not FileInfo info)
                    {
                        pending.Push((DirectoryInfo)entry);
                        continue;
                    }
                    var relative = RelativeSpan(info.FullName);
                    // The target as the manifest spells it finds the folder as the disk spells it, where case does
                    // not matter.
                    if (!relative.StartsWith(prefix, Features.PathComparison) || IsOwnFile(info, relative)) continue;
                    var (md5, path) = _index.TryGet(relative, info) ?? await HashAsync(info, relative.ToString(),
                        cancellationToken).ConfigureAwait(false);
                    yield return new StoreEntry(path, info.Length, md5, ETagOf(info));
                }
            }
        }
        finally
        {
            // A sync that changes nothing saves no index: it need not be held past the listing.
            if (Interlocked.Decrement(ref _listings) == 0) _index.ReleaseIfClean();
        }
    }

    /// <summary>The path under the root without a string of its own, where the full path spells it as is.</summary>
    private ReadOnlySpan<char> RelativeSpan(string full) =>
        Path.DirectorySeparatorChar == '/' && full.Length > _root.Length + 1 && full[_root.Length] == '/' &&
        full.StartsWith(_root, StringComparison.Ordinal)
            ? full.AsSpan(_root.Length + 1)
            : Relative(full);

    /// <summary>
    /// A folder that matches names differently from the destination (Windows per-folder case sensitivity, a Linux
    /// casefold folder) would be planned by the wrong rule, so it is refused rather than guessed at. Judged by
    /// looking up one of its entries with the case flipped; a folder with no name to flip holds nothing to confuse.
    /// </summary>
    private void CheckSameCaseRule(DirectoryInfo folder, IReadOnlyCollection<FileSystemInfo> entries)
    {
        if (CaseProbe.FromEntries(folder.FullName, entries) is not { } withoutCase
            || withoutCase == Features.CaseInsensitiveNames) return;
        var name = folder.FullName.Length > _root.Length
            ? $"'{Relative(folder.FullName)}/' in '{_root}'" : $"'{_root}'";
        throw new StoreException(StoreErrorKind.InvalidDestination,
            $"The folder {name} matches names {(withoutCase ? "without" : "with")} case, unlike the destination as a " +
            "whole, so azsync cannot tell which names are one file there. Give it its parent's case sensitivity " +
            "(Windows: fsutil file setCaseSensitiveInfo; Linux: chattr -F/+F on an empty folder) or sync into it " +
            "as a destination of its own.");
    }

    public string? CheckName(string path)
    {
        if (path.Split('/').Any(s => s is "" or "." or "..")) return "the path has an empty, '.' or '..' segment";
        if (path.Split('/').Any(s => s.StartsWith(TempPrefix, StringComparison.Ordinal)))
            return $"names starting with '{TempPrefix}' are reserved for azsync";
        if (path == LocalIndex.FileName) return $"'{LocalIndex.FileName}' is reserved for azsync";
        if (OperatingSystem.IsWindows() && WindowsNames.Problem(path) is { } windows) return windows;
        if (!Features.CaseInsensitiveNames) return null;
        lock (_gate)
        {
            if (_seen.TryGetValue(path, out var other) && other != path)
                return "the destination folder matches names without case: " +
                    $"this path and '{other}' would be the same file";
            _seen.Add(path);
        }
        return null;
    }

    public async Task<StoreWriteResult> WriteAsync(StoreWrite write, CancellationToken cancellationToken)
    {
        var final = FullPathOf(write.Path);
        CheckNoLinkOnTheWay(final);
        CheckUnchangedSinceListing(final, write.Existing, write.Force, write.Path);
        CheckNoFolderAt(final, write.Path);
        CreateParent(final);
        var temp = Path.Combine(Path.GetDirectoryName(final)!,
            TempPrefix + Guid.NewGuid().ToString("N")[..12] + "-" + Path.GetFileName(final));
        try
        {
            long copied = 0;
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(write.Source.Size, 1, 1 << 20));
            try
            {
                using var source = new FileStream(write.Source.FullPath, FileMode.Open, FileAccess.Read,
                    FileShare.ReadWrite | FileShare.Delete, 1);
                using var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
                int read;
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    md5.AppendData(buffer, 0, read);
                    target.Write(buffer, 0, read);
                    copied += read;
                    write.Progress?.Report(copied);
                }
                // The MD5 was taken in an earlier pass; a file edited since then must not land under a stale hash.
                if (!md5.GetHashAndReset().AsSpan().SequenceEqual(write.Source.Md5))
                    throw StoreException.ChangedWhileSyncing(write.Source.FullPath);
                // No fsync: rename makes the swap atomic for readers and for a killed process; an fsync per file
                // would cost more than the whole upload of a tree of small files.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            CheckNoLinkOnTheWay(final);
            CheckUnchangedSinceListing(final, write.Existing, write.Force, write.Path);
            File.Move(temp, final, overwrite: true);
            var listedAs = write.Path;
            if (write.Existing is { } old && old.Path != write.Path)
            {
                // The index is keyed as the next listing will spell the path: the folders as they were.
                listedAs = old.Path[..(old.Path.LastIndexOf('/') + 1)] + TakeSpelling(final);
                _index.Remove(old.Path);
            }
            _index.Set(listedAs, new FileInfo(final), write.Source.Md5);
            return new StoreWriteResult(copied);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Where names match without case, replacing 'Index.html' by 'index.html' may keep the old spelling (the rename
    /// lands on the existing entry). The content is already in place, so renaming the entry to itself with the new
    /// case cannot lose it; the folders on the way keep the spelling they have. Returns the name now on disk.
    /// </summary>
    private static string TakeSpelling(string final)
    {
        var name = Path.GetFileName(final);
        var onDisk = new DirectoryInfo(Path.GetDirectoryName(final)!).EnumerateFiles()
            .Select(f => f.Name).Where(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (onDisk.Contains(name) || onDisk.Count != 1) return name;
        File.Move(Path.Combine(Path.GetDirectoryName(final)!, onDisk[0]), final, overwrite: true);
        return name;
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(FullPathOf(path), FileMode.Open, FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete));

    public Task DeleteAsync(StoreEntry entry, bool force, CancellationToken cancellationToken)
    {
        var full = FullPathOf(entry.Path);
        CheckNoLinkOnTheWay(full);
        if (!force && File.Exists(full) && ETagOf(new FileInfo(full)) != entry.ETag)
            throw new StoreException(StoreErrorKind.Conflict,
                $"'{entry.Path}' changed at the destination after it was listed; not deleted.");
        File.Delete(full);
        _index.Remove(entry.Path);
        RemoveEmptyParents(Path.GetDirectoryName(full)!);
        return Task.CompletedTask;
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_root);
            await _index.SaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException(StoreErrorKind.Failed, $"Could not finish writing to '{_root}': {e.Message}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string FullPathOf(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new StoreException(StoreErrorKind.InvalidName, $"'{path}' would leave the destination folder.");
        return full;
    }

    private void CheckNoLinkOnTheWay(string full)
    {
        if (LinkOnTheWay(full) is { } link)
            throw new StoreException(StoreErrorKind.Failed,
                $"'{Relative(link)}' in the destination is a symbolic link; azsync does not write through links.",
                isTransient: false);
    }

    /// <summary>
    /// The symbolic link nearest the root on the way down to <paramref name="full"/>, the name itself included.
    /// </summary>
    private string? LinkOnTheWay(string full)
    {
        string? outermost = null;
        for (var path = full; path.Length > _root.Length; path = Path.GetDirectoryName(path)!)
            if (IsLink(path)) outermost = path;
        return outermost;
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private string Relative(string full)
    {
        var relative = Path.GetRelativePath(_root, full);
        return Path.DirectorySeparatorChar == '\\' ? relative.Replace('\\', '/') : relative;
    }

    private static void CheckUnchangedSinceListing(string final, StoreEntry? existing, bool force, string path)
    {
        if (force) return;
        var info = new FileInfo(final);
        if (existing is null && info.Exists)
            throw new StoreException(StoreErrorKind.Conflict,
                $"'{path}' appeared at the destination after it was listed; not overwritten.");
        if (existing is not null && (!info.Exists || ETagOf(info) != existing.ETag))
            throw new StoreException(StoreErrorKind.Conflict,
                $"'{path}' changed at the destination after it was listed; not overwritten.");
    }

    // Without these, a file replaced by a folder (or the reverse) fails with "already exists" and no way out.
    private static void CheckNoFolderAt(string final, string path)
    {
        if (Directory.Exists(final))
            throw new StoreException(StoreErrorKind.Failed,
                $"'{path}' is a folder at the destination where the source has a file; " +
                "run with --delete to replace it.");
    }

    private void CreateParent(string final)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        }
        catch (IOException e)
        {
            var file = Path.GetDirectoryName(final);
            while (file is not null && file.Length > _root.Length && !File.Exists(file))
                file = Path.GetDirectoryName(file);
            if (file is null || file.Length <= _root.Length) throw;
            var name = Relative(file);
            throw new StoreException(StoreErrorKind.Failed,
                $"'{name}' is a file at the destination where the source has a folder; " +
                "run with --delete to replace it.", inner: e);
        }
    }

    private static bool IsOwnFile(FileInfo info, ReadOnlySpan<char> relative)
    {
        if (relative.SequenceEqual(LocalIndex.FileName)) return true;
        if (!info.Name.StartsWith(TempPrefix, StringComparison.Ordinal)) return false;
        // Left by a killed run; a recent one may belong to a run still going.
        if (DateTime.UtcNow - info.LastWriteTimeUtc > StaleTempAge) TryDelete(info.FullName);
        return true;
    }

    private async Task<(byte[] Md5, string Path)> HashAsync(FileInfo info, string relative, CancellationToken ct)
    {
        await using var stream =
            new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, true);
        var md5 = await MD5.HashDataAsync(stream, ct).ConfigureAwait(false);
        _index.Set(relative, info, md5);
        return (md5, relative);
    }

    private void RemoveEmptyParents(string directory)
    {
        // A linked folder is not ours to remove, and emptying it is not a reason to remove the link.
        while (directory.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !IsLink(directory)
               && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
            directory = Path.GetDirectoryName(directory)!;
        }
    }

    internal static string ETagOf(FileInfo info) => $"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}";

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

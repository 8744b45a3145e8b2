using AzSync.Core.Manifest;
using AzSync.Core.Selection;
using AzSync.Core.Stores;
using Microsoft.Extensions.FileSystemGlobbing;

namespace AzSync.Core.Planning;

/// <summary>
/// Stage 4, the destination side: each entry is matched as its listing page arrives against the selection, sorted
/// as the store compares names, in the way of a merge join (rclone's march) rather than by collecting the whole
/// destination first. A matched entry goes onto its source file; once that file's hash says the entry holds the same
/// bytes, it is not kept at all. An entry no source file claims is kept only if it can become a delete, else only
/// counted. Entries listed before the selection is known wait in a queue of at most <see cref="QueueLimit"/>, after
/// which the listing waits.
/// </summary>
internal sealed class DestinationMatcher
{
    /// <summary>About two Blob listing pages: the listing runs ahead of a slow walk without holding much.</summary>
    internal const int QueueLimit = 10_000;

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _selected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // The store's name rule, known once it is prepared: before that it lists nothing.
    private StringComparer _names = StringComparer.Ordinal;
    private StringComparison _comparison = StringComparison.Ordinal;
    private readonly List<(Mapping Mapping, Matcher Matcher)>? _deleteScope;
    private List<StoreEntry>? _waiting = [];
    private SelectedFile[] _files = [];
    // The files in the store's name order, where that is not ordinal: 'A.txt' and 'a.txt' sit together.
    private int[]? _byName;
    private readonly List<StoreEntry> _unclaimed = [];
    // Further entries a file claims (spellings a case-insensitive store treats as one name), while its hash is not
    // known: should the file fail to hash, they are no longer claimed.
    private readonly List<(SelectedFile File, StoreEntry Entry)> _alsoClaimed = [];
    private int _listed;

    /// <param name="delete">Whether unclaimed entries the mappings' filters cover are to be deleted.</param>
    public DestinationMatcher(IReadOnlyList<Mapping> mappings, bool delete) =>
        _deleteScope = delete ? [.. mappings.Select(m => (m, FileSelector.CreateMatcher(m)))] : null;

    /// <summary>The store is prepared and about to list: from now on its name rule holds.</summary>
    public void Prepared(StoreFeatures features)
    {
        lock (_gate) (_names, _comparison) = (features.PathComparer, features.PathComparison);
    }

    /// <summary>Every entry listed under the targets, claimed or not: the base of a percentage delete limit.</summary>
    public int Listed => Volatile.Read(ref _listed);

    /// <summary>The selection, sorted by destination path (ordinal); entries that waited are matched now.</summary>
    public void Select(SelectedFile[] sorted)
    {
        List<StoreEntry> waiting;
        lock (_gate)
        {
            _files = sorted;
            waiting = _waiting!;
            _waiting = null;
        }
        _selected.SetResult();
        foreach (var entry in waiting) Match(entry);
    }

    /// <summary>
    /// Where the store's name rule is not ordinal, the files' order under it, made when the first entry is matched
    /// (both the selection and the rule are known by then).
    /// </summary>
    private void EnsureNameOrder()
    {
        if (Volatile.Read(ref _byName) is not null || _names == StringComparer.Ordinal) return;
        lock (_gate)
        {
            if (_byName is not null) return;
            var files = _files;
            var order = Enumerable.Range(0, files.Length).ToArray();
            // Ties keep ordinal order, so that of two spellings the ordinally first is met first.
            Array.Sort(order, (a, b) => _names.Compare(files[a].DestinationPath, files[b].DestinationPath)
                is var c && c != 0 ? c : a.CompareTo(b));
            Volatile.Write(ref _byName, order);
        }
    }

    /// <summary>Takes one listed entry; waits only while the selection is unknown and the queue is full.</summary>
    public async ValueTask AddAsync(StoreEntry entry, CancellationToken ct)
    {
        Interlocked.Increment(ref _listed);
        if (!_selected.Task.IsCompleted)
        {
            lock (_gate)
            {
                if (_waiting is { Count: < QueueLimit })
                {
                    _waiting.Add(entry);
                    return;
                }
            }
            await _selected.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        Match(entry);
    }

    /// <summary>The file's hash is known: an entry already on it that holds the same bytes need not be kept.</summary>
    public static void Hashed(SelectedFile file, long size, UInt128 md5)
    {
        lock (file)
        {
            (file.Size, file.Md5, file.Hash) = (size, md5, HashState.Hashed);
            Settle(file);
        }
    }

    /// <summary>The file could not be read: it claims nothing, so what it had claimed may be deleted.</summary>
    public void Failed(SelectedFile file)
    {
        StoreEntry? released;
        lock (file)
        {
            file.Hash = HashState.Failed;
            released = file.Match as StoreEntry;
            file.Match = null;
        }
        if (released is not null) Unclaim(released);
        List<StoreEntry> also;
        lock (_gate) also = [.. _alsoClaimed.Where(c => c.File == file).Select(c => c.Entry)];
        foreach (var entry in also) Unclaim(entry);
    }

    /// <summary>After the listing: the entries to delete, in ordinal order.</summary>
    public IReadOnlyList<StoreEntry> Unclaimed()
    {
        lock (_gate) return [.. _unclaimed.OrderBy(e => e.Path, StringComparer.Ordinal)];
    }

    private void Match(StoreEntry entry)
    {
        EnsureNameOrder();
        var (first, count) = Claimants(entry.Path);
        if (count == 0) Unclaim(entry);
        for (var i = first; i < first + count; i++) Attach(_byName is null ? _files[i] : _files[_byName[i]], entry);
    }

    /// <summary>The run of files (in <see cref="_byName"/> order, if any) whose path names this entry.</summary>
    private (int First, int Count) Claimants(string path)
    {
        int low = 0, high = _files.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_names.Compare(At(mid), path) < 0) low = mid + 1;
            else high = mid;
        }
        var end = low;
        while (end < _files.Length && _names.Equals(At(end), path)) end++;
        return (low, end - low);
    }

    private string At(int i) => (_byName is null ? _files[i] : _files[_byName[i]]).DestinationPath;

    /// <summary>
    /// The first spelling in ordinal order is the entry the file is compared with and replaces; the others are
    /// claimed with it. A matched entry takes the file's own path string rather than keeping a copy.
    /// </summary>
    private void Attach(SelectedFile file, StoreEntry entry)
    {
        lock (file)
        {
            if (file.Hash == HashState.Failed)
            {
                Unclaim(entry);
                return;
            }
            var current = file.Match switch
            {
                StoreEntry e => e.Path,
                _ when file.Match == Planner.SameContent => file.DestinationPath,
                _ => null,
            };
            if (current is not null && string.CompareOrdinal(current, entry.Path) <= 0)
            {
                AlsoClaimed(file, entry);
                return;
            }
            if (file.Match is StoreEntry displaced) AlsoClaimed(file, displaced);
            file.Match = entry.Path == file.DestinationPath ? entry with { Path = file.DestinationPath } : entry;
            Settle(file);
        }
    }

    private void AlsoClaimed(SelectedFile file, StoreEntry entry)
    {
        if (file.Hash != HashState.Pending) return;
        lock (_gate) _alsoClaimed.Add((file, entry));
    }

    // Under the file's lock.
    private static void Settle(SelectedFile file)
    {
        if (file.Hash == HashState.Hashed && file.Match is StoreEntry entry &&
            ReferenceEquals(entry.Path, file.DestinationPath) &&
            Planner.Decide(file, entry).Action == PlanAction.Unchanged)
            file.Match = Planner.SameContent;
    }

    private void Unclaim(StoreEntry entry)
    {
        if (_deleteScope is null) return;
        // The globbing library's matchers are not documented as thread-safe, and listings run side by side.
        lock (_gate)
        {
            // Files the filters exclude are left alone, as rclone does: excluding a path must never delete it.
            if (_deleteScope.Any(m => FileSelector.Covers(m.Mapping, m.Matcher, entry.Path, _comparison)))
                _unclaimed.Add(entry);
        }
    }
}

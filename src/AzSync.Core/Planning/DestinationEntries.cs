using AzSync.Core.Stores;

namespace AzSync.Core.Planning;

/// <summary>
/// The destination's entries sorted as the destination compares names, with a mark for each one a source path
/// claimed: one reference and one flag per entry. Entries that are one name to the destination (an index read
/// with another comparer) are claimed together; a lookup gets the first of them in ordinal order.
/// </summary>
internal sealed class DestinationEntries
{
    private readonly StoreEntry[] _sorted;
    private readonly bool[] _claimed;
    private readonly StringComparer _names;

    public DestinationEntries(IEnumerable<StoreEntry> entries, StringComparer names)
    {
        _names = names;
        _sorted = entries.ToArray();
        Array.Sort(_sorted, (a, b) => names.Compare(a.Path, b.Path) is var c && c != 0 ? c
            : string.CompareOrdinal(a.Path, b.Path));
        _claimed = new bool[_sorted.Length];
    }

    /// <summary>The entry a source file at <paramref name="path"/> replaces, if any; it will not be deleted.</summary>
    public StoreEntry? Claim(string path)
    {
        int low = 0, high = _sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_names.Compare(_sorted[mid].Path, path) < 0) low = mid + 1;
            else high = mid;
        }
        for (var i = low; i < _sorted.Length && _names.Equals(_sorted[i].Path, path); i++) _claimed[i] = true;
        return low < _sorted.Length && _names.Equals(_sorted[low].Path, path) ? _sorted[low] : null;
    }

    public IEnumerable<StoreEntry> Unclaimed() => _sorted.Where((_, i) => !_claimed[i]);
}

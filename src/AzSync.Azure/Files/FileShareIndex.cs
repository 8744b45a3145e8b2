using System.Text.Json;

namespace AzSync.Azure.Files;

/// <summary>
/// What azsync knows about the files it wrote under a sync root: size, MD5 and the ETag each had right after our
/// write. Azure Files listings carry no MD5, so this is what makes a no-change re-sync cost one listing per
/// directory. An entry is trusted only while the listing shows the same ETag and size.
/// </summary>
public sealed class FileShareIndex
{
    public const string FileName = ".azsync-index.json";
    private readonly Dictionary<string, IndexEntry> _entries;
    private readonly Lock _gate = new();

    /// <param name="Chunks">SHA-256 of each fixed-size chunk (base64), for large files only: what a range delta compares.</param>
    public sealed record IndexEntry(long Size, string Md5, string ETag, string[]? Chunks = null);

    private FileShareIndex(Dictionary<string, IndexEntry> entries) => _entries = entries;

    public static FileShareIndex Empty() => new(new Dictionary<string, IndexEntry>(StringComparer.OrdinalIgnoreCase));

    /// <summary>A damaged index is treated as empty: it only costs per-file property reads, never a wrong skip.</summary>
    public static FileShareIndex Parse(byte[] json)
    {
        try
        {
            var entries = JsonSerializer.Deserialize<Dictionary<string, IndexEntry>>(json);
            return new FileShareIndex(new Dictionary<string, IndexEntry>(entries ?? [], StringComparer.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return Empty();
        }
    }

    public byte[]? TrustedMd5(string path, long size, string? etag)
    {
        lock (_gate)
            return etag is not null && _entries.TryGetValue(path, out var e) && e.Size == size && e.ETag == etag
                ? Convert.FromBase64String(e.Md5) : null;
    }

    /// <summary>The chunk hashes of the file as listed, under the same trust rule as its MD5.</summary>
    public IReadOnlyList<byte[]>? TrustedChunks(string path, long size, string? etag)
    {
        lock (_gate)
            return etag is not null && _entries.TryGetValue(path, out var e) && e.Size == size && e.ETag == etag && e.Chunks is { } c
                ? c.Select(Convert.FromBase64String).ToList() : null;
    }

    public void Set(string path, long size, byte[] md5, string etag, IReadOnlyList<byte[]>? chunks = null)
    {
        lock (_gate) _entries[path] = new IndexEntry(size, Convert.ToBase64String(md5), etag, chunks?.Select(Convert.ToBase64String).ToArray());
    }

    public void Remove(string path)
    {
        lock (_gate) _entries.Remove(path);
    }

    /// <summary>Keeps only the paths still present, so the index does not grow with deleted files.</summary>
    public void RetainOnly(ICollection<string> present)
    {
        lock (_gate)
            foreach (var stale in _entries.Keys.Where(k => !present.Contains(k)).ToList()) _entries.Remove(stale);
    }

    public byte[] ToJson()
    {
        lock (_gate)
            return JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, IndexEntry>(_entries, StringComparer.Ordinal));
    }
}

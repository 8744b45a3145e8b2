using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AzSync.Azure.Files;

/// <summary>
/// What azsync knows about the files it wrote under a sync root: size, MD5 and the ETag each had right after our
/// write. Azure Files listings carry no MD5, so this is what makes a no-change re-sync cost one listing per
/// directory. An entry is trusted only while the listing shows the same ETag and size. It is rewritten whole by
/// every run that changes something, so it is stored gzip-compressed (a third of the JSON's size).
/// </summary>
public sealed class FileShareIndex
{
    public const string FileName = ".azsync-index.json";
    private readonly Dictionary<string, IndexEntry> _entries;
    private readonly Lock _gate = new();

    /// <param name="Chunks">SHA-256 of each fixed-size chunk (base64),
    /// for large files only: what a range delta compares.</param>
    public sealed record IndexEntry(long Size, string Md5, string ETag, string[]? Chunks = null);

    private FileShareIndex(Dictionary<string, IndexEntry> entries) => _entries = entries;

    public static FileShareIndex Empty() => new(new Dictionary<string, IndexEntry>(StringComparer.OrdinalIgnoreCase));

    private static readonly JsonSerializerOptions Json =
        new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// Reads the compressed form and the plain JSON that earlier versions wrote. A damaged index is treated as
    /// empty: it only costs per-file property reads, never a wrong skip.
    /// </summary>
    public static FileShareIndex Parse(byte[] stored)
    {
        try
        {
            using var json = IsGzip(stored) ? new GZipStream(new MemoryStream(stored), CompressionMode.Decompress)
                : (Stream)new MemoryStream(stored);
            var entries = JsonSerializer.Deserialize<Dictionary<string, IndexEntry>>(json, Json);
            return new FileShareIndex(
                new Dictionary<string, IndexEntry>(entries ?? [], StringComparer.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            return Empty();
        }
    }

    private static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

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
            return etag is not null && _entries.TryGetValue(path, out var e) && e.Size == size && e.ETag == etag
                && e.Chunks is { } c
                ? c.Select(Convert.FromBase64String).ToList() : null;
    }

    public void Set(string path, long size, byte[] md5, string etag, IReadOnlyList<byte[]>? chunks = null)
    {
        lock (_gate)
            _entries[path] = new IndexEntry(size, Convert.ToBase64String(md5), etag,
                chunks?.Select(Convert.ToBase64String).ToArray());
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

    /// <summary>The index as stored: gzip-compressed JSON, sorted by path.</summary>
    public byte[] Serialize()
    {
        SortedDictionary<string, IndexEntry> sorted;
        lock (_gate) sorted = new SortedDictionary<string, IndexEntry>(_entries, StringComparer.Ordinal);
        var stored = new MemoryStream();
        using (var gzip = new GZipStream(stored, CompressionLevel.Optimal, leaveOpen: true))
            JsonSerializer.Serialize(gzip, sorted, Json);
        return stored.ToArray();
    }
}

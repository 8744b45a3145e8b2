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
internal sealed class FileShareIndex
{
    public const string FileName = ".azsync-index.json";
    private readonly Entries _entries;
    private readonly Lock _gate = new();

    /// <param name="Md5">Stored as base64 text, held as bytes: the listing hands out this one array.</param>
    /// <param name="Chunks">SHA-256 of each fixed-size chunk (base64),
    /// for large files only: what a range delta compares.</param>
    public sealed record IndexEntry(long Size, byte[] Md5, string ETag, string[]? Chunks = null);

    // The JSON is read straight into the dictionary with the share's name rule, not into one copied over.
    private sealed class Entries() : Dictionary<string, IndexEntry>(StringComparer.OrdinalIgnoreCase);

    private FileShareIndex(Entries entries) => _entries = entries;

    public static FileShareIndex Empty() => new(new Entries());

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
            return new FileShareIndex(JsonSerializer.Deserialize<Entries>(json, Json) ?? new Entries());
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
                ? e.Md5 : null;
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
            _entries[path] = new IndexEntry(size, md5, etag, chunks?.Select(Convert.ToBase64String).ToArray());
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
        var stored = new MemoryStream();
        // Sorted by sorting the keys alone: a sorted copy of every entry would peak at the end of the run, when all
        // else the run holds is still alive.
        lock (_gate)
        {
            var keys = _entries.Keys.ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            using var gzip = new GZipStream(stored, CompressionLevel.Optimal, leaveOpen: true);
            using var writer = new Utf8JsonWriter(gzip);
            writer.WriteStartObject();
            foreach (var key in keys)
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, _entries[key], Json);
                if (writer.BytesPending > 1 << 16) writer.Flush();
            }
            writer.WriteEndObject();
        }
        return stored.ToArray();
    }
}

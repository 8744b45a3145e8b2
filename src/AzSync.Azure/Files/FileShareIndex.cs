using System.IO.Compression;
using System.Runtime.InteropServices;
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
    /// <remarks>A struct, held in the dictionary's own slots: an object per file would add a header and a reference
    /// to each of the 200,000 entries a first sync writes.</remarks>
    internal record struct IndexEntry(long Size, byte[] Md5, string ETag, string[]? Chunks = null)
    {
        /// <summary>Listed or written this run: the index saved at the end keeps only these, without a set of
        /// paths beside it.</summary>
        [JsonIgnore] public bool Present { get; set; }
    }

    /// <summary>A listed file the index vouches for, in the index's own strings (the listing's can then go).</summary>
    public readonly record struct Trusted(string Path, byte[] Md5, string ETag);

    // The JSON is read straight into the dictionary with the share's name rule, not into one copied over.
    internal sealed class Entries() : Dictionary<string, IndexEntry>(StringComparer.OrdinalIgnoreCase);

    private FileShareIndex(Entries entries) => _entries = entries;

    public static FileShareIndex Empty() => new(new Entries());

    /// <summary>
    /// Reads the compressed form and the plain JSON that earlier versions wrote. A damaged index is treated as
    /// empty: it only costs per-file property reads, never a wrong skip.
    /// </summary>
    public static FileShareIndex Parse(byte[] stored) =>
        Read(new MemoryStream(stored, 0, stored.Length, writable: false, publiclyVisible: true));

    /// <summary><see cref="Parse"/> of bytes already in a stream (read from its start).</summary>
    public static FileShareIndex Read(MemoryStream stored)
    {
        try
        {
            using var json = stored.TryGetBuffer(out var bytes) && IsGzip(bytes)
                ? new GZipStream(stored, CompressionMode.Decompress) : (Stream)stored;
            // Source-generated: no reflection over the entry type at run time, which cost a cold run more than
            // the parsing itself.
            var entries = JsonSerializer.Deserialize(json, FileIndexJson.Default.Entries) ?? new Entries();
            // Grown by doubling while read, it would otherwise keep up to half its slots empty for the whole run.
            entries.TrimExcess();
            return new FileShareIndex(entries);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            return Empty();
        }
    }

    private static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes is [0x1f, 0x8b, ..];

    /// <summary>
    /// Marks a listed file present, and returns its entry when the index vouches for it: same size and ETag.
    /// </summary>
    public Trusted? Listed(ReadOnlySpan<char> path, long size, string? etag)
    {
        var lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
        lock (_gate)
        {
            if (!lookup.TryGetValue(path, out var key, out _)) return null;
            ref var e = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
            e.Present = true;
            return etag is not null && e.Size == size && e.ETag == etag ? new Trusted(key, e.Md5, e.ETag) : null;
        }
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
            _entries[path] = new IndexEntry(size, md5, etag, chunks?.Select(Convert.ToBase64String).ToArray())
            {
                Present = true,
            };
    }

    public void Remove(string path)
    {
        lock (_gate) _entries.Remove(path);
    }

    /// <summary>
    /// Forgets the paths neither listed nor written this run, so the index does not grow with deleted files.
    /// </summary>
    public void RetainPresent()
    {
        lock (_gate)
            foreach (var stale in _entries.Where(e => !e.Value.Present).Select(e => e.Key).ToList())
                _entries.Remove(stale);
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
                JsonSerializer.Serialize(writer, _entries[key], FileIndexJson.Default.IndexEntry);
                if (writer.BytesPending > 1 << 16) writer.Flush();
            }
            writer.WriteEndObject();
        }
        return stored.ToArray();
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FileShareIndex.Entries))]
internal sealed partial class FileIndexJson : JsonSerializerContext;

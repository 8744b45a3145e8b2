using System.Text.Json;

namespace AzSync.Core.Stores.Local;

/// <summary>
/// Remembers the MD5 of each destination file together with that file's size and modification time. An entry
/// is trusted only while both still match, so a file changed behind our back is hashed again.
/// </summary>
internal sealed class LocalIndex(string root)
{
    public const string FileName = ".azsync-index.json";
    private readonly string _path = Path.Combine(root, FileName);
    // A plain dictionary of structs under a lock: a concurrent one costs a node object per file besides the entry.
    private readonly Lock _gate = new();
    private Dictionary<string, Entry>? _entries;
    private bool _dirty;

    // The MD5 as bytes, the listing hands out this one array rather than a decoded copy per entry.
    private readonly record struct Entry(long Size, long Ticks, byte[] Md5);

    /// <summary>
    /// The MD5 the index vouches for, and its own copy of the path: a listing hands that one on rather than making
    /// another string per entry.
    /// </summary>
    public (byte[] Md5, string Path)? TryGet(ReadOnlySpan<char> relative, FileInfo info)
    {
        lock (_gate)
            return Load().GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(relative, out var path, out var e) &&
                   e.Size == info.Length && e.Ticks == info.LastWriteTimeUtc.Ticks ? (e.Md5, path) : null;
    }

    /// <summary>
    /// Drops the entries while nothing is left to save: read again from the file if asked for again. A run that
    /// changes nothing no longer needs them once the destination is listed.
    /// </summary>
    public void ReleaseIfClean()
    {
        lock (_gate)
            if (!_dirty) _entries = null;
    }

    public void Set(string relative, FileInfo info, byte[] md5)
    {
        info.Refresh();
        lock (_gate)
        {
            Load()[relative] = new Entry(info.Length, info.LastWriteTimeUtc.Ticks, md5);
            _dirty = true;
        }
    }

    public void Remove(string relative)
    {
        lock (_gate) _dirty |= Load().Remove(relative);
    }

    public async Task SaveAsync(CancellationToken ct)
    {
        if (!_dirty || _entries is null) return;
        var temp = Path.Combine(root, LocalStore.TempPrefix + FileName);
        // Sorted by path by sorting the keys alone: a sorted copy of the whole index would peak at the end of the
        // run, when everything else the run holds is still alive.
        string[] keys;
        lock (_gate) keys = [.. _entries.Keys];
        Array.Sort(keys, StringComparer.Ordinal);
        await using (var stream = File.Create(temp))
            await WriteAsync(stream, keys, ct).ConfigureAwait(false);
        try
        {
            File.Move(temp, _path, overwrite: true);
        }
        catch
        {
            // A save that cannot land must not leave its temporary file in the user's destination.
            File.Delete(temp);
            throw;
        }
        _dirty = false;
    }

    // Called under the lock.
    private Dictionary<string, Entry> Load() => _entries ??= ReadFromDisk();

    private Dictionary<string, Entry> ReadFromDisk()
    {
        var loaded = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (!File.Exists(_path)) return loaded;
        try
        {
            Parse(File.ReadAllBytes(_path), loaded);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // A damaged index only costs a re-hash of the destination; it is rewritten at the end of the run.
            loaded.Clear();
        }
        return loaded;
    }

    // The format is {"path":{"Size":n,"Ticks":n,"Md5":"base64"},...}. Read and written by hand: the serializer
    // builds its converters at run time, which cost a no-change re-sync of 5,000 files more than the reading did.
    private static void Parse(ReadOnlySpan<byte> json, Dictionary<string, Entry> into)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var path = reader.GetString()!;
            Expect(ref reader, JsonTokenType.StartObject);
            long? size = null, ticks = null;
            byte[]? md5 = null;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var name = reader;
                reader.Read();
                if (name.ValueTextEquals("Size"u8)) size = reader.GetInt64();
                else if (name.ValueTextEquals("Ticks"u8)) ticks = reader.GetInt64();
                else if (name.ValueTextEquals("Md5"u8)) md5 = reader.GetBytesFromBase64();
                else reader.Skip();
            }
            // An entry missing a field vouches for nothing: the file is hashed again.
            if (size is { } s && ticks is { } t && md5 is not null) into[path] = new Entry(s, t, md5);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the index ends early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type) throw new JsonException($"expected {type} in the index");
    }

    private async Task WriteAsync(Stream stream, string[] sortedPaths, CancellationToken ct)
    {
        await using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        foreach (var path in sortedPaths)
        {
            Entry entry;
            lock (_gate)
                if (!_entries!.TryGetValue(path, out entry)) continue;
            writer.WriteStartObject(path);
            writer.WriteNumber("Size"u8, entry.Size);
            writer.WriteNumber("Ticks"u8, entry.Ticks);
            writer.WriteBase64String("Md5"u8, entry.Md5);
            writer.WriteEndObject();
            if (writer.BytesPending > 1 << 16) await writer.FlushAsync(ct).ConfigureAwait(false);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(ct).ConfigureAwait(false);
    }
}

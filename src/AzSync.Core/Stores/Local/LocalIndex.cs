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

    // The MD5 as bytes: JSON writes them as the same base64 text, and the listing hands out this one array rather
    // than a decoded copy per entry beside a base64 string (about 100 bytes a file at 200,000 files).
    private readonly record struct Entry(long Size, long Ticks, byte[]? Md5);

    public byte[]? TryGet(string relative, FileInfo info)
    {
        lock (_gate)
            return Load().TryGetValue(relative, out var e) && e.Size == info.Length &&
                   e.Ticks == info.LastWriteTimeUtc.Ticks ? e.Md5 : null;
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
        // Sorted by path, as before, by sorting the keys alone: a sorted copy of the whole index would peak at the
        // end of the run, when everything else the run holds is still alive.
        string[] keys;
        lock (_gate) keys = [.. _entries.Keys];
        Array.Sort(keys, StringComparer.Ordinal);
        await using (var stream = File.Create(temp))
        await using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            foreach (var key in keys)
            {
                Entry entry;
                lock (_gate)
                    if (!_entries.TryGetValue(key, out entry)) continue;
                json.WritePropertyName(key);
                JsonSerializer.Serialize(json, entry);
                if (json.BytesPending > 1 << 16) await json.FlushAsync(ct).ConfigureAwait(false);
            }
            json.WriteEndObject();
        }
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

    private Dictionary<string, Entry> Load() => _entries ??= ReadFromDisk();

    private Dictionary<string, Entry> ReadFromDisk()
    {
        try
        {
            // Straight from the file into the dictionary the run uses: no copy of the text, no second dictionary.
            if (File.Exists(_path))
            {
                using var stream = File.OpenRead(_path);
                if (JsonSerializer.Deserialize<Dictionary<string, Entry>>(stream) is { } loaded) return loaded;
            }
        }
        catch (JsonException)
        {
            // A damaged index only costs a re-hash of the destination; it is rewritten at the end of the run.
        }
        return new Dictionary<string, Entry>(StringComparer.Ordinal);
    }
}

using System.Collections.Concurrent;
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
    private ConcurrentDictionary<string, Entry>? _entries;
    private bool _dirty;

    private sealed record Entry(long Size, long Ticks, string Md5);

    public byte[]? TryGet(string relative, FileInfo info) =>
        Load().TryGetValue(relative, out var e) && e.Size == info.Length && e.Ticks == info.LastWriteTimeUtc.Ticks
            ? Convert.FromBase64String(e.Md5) : null;

    public void Set(string relative, FileInfo info, byte[] md5)
    {
        info.Refresh();
        Load()[relative] = new Entry(info.Length, info.LastWriteTimeUtc.Ticks, Convert.ToBase64String(md5));
        _dirty = true;
    }

    public void Remove(string relative)
    {
        _dirty |= Load().TryRemove(relative, out _);
    }

    public async Task SaveAsync(CancellationToken ct)
    {
        if (!_dirty || _entries is null) return;
        var temp = Path.Combine(root, LocalStore.TempPrefix + FileName);
        await using (var stream = File.Create(temp))
            await JsonSerializer.SerializeAsync(stream, new SortedDictionary<string, Entry>(_entries, StringComparer.Ordinal), cancellationToken: ct).ConfigureAwait(false);
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

    private ConcurrentDictionary<string, Entry> Load() => LazyInitializer.EnsureInitialized(ref _entries, ReadFromDisk);

    private ConcurrentDictionary<string, Entry> ReadFromDisk()
    {
        var loaded = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(_path))
                foreach (var (k, v) in JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(_path)) ?? [])
                    loaded[k] = v;
        }
        catch (JsonException)
        {
            // A damaged index only costs a re-hash of the destination; it is rewritten at the end of the run.
        }
        return loaded;
    }
}

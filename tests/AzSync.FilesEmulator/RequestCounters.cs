using System.Collections.Concurrent;

namespace AzSync.FilesEmulator;

/// <summary>
/// Counts requests so tests can assert how many calls a client made: <see cref="Total"/> once per request received,
/// and per key (operation name, "x-ms-version V", "x-ms-file-request-intent I", "Error"), where one request counts
/// under several keys.
/// </summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, int> _perOperation = new(StringComparer.Ordinal);
    private int _total;

    public int Total => Volatile.Read(ref _total);
    public int this[string operation] => _perOperation.TryGetValue(operation, out var n) ? n : 0;
    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_perOperation);

    internal void Received() => Interlocked.Increment(ref _total);

    internal void Count(string key) => _perOperation.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Reset()
    {
        _perOperation.Clear();
        Interlocked.Exchange(ref _total, 0);
    }
}

using System.Collections.Concurrent;

namespace AzSync.FilesEmulator;

/// <summary>Counts requests so tests can assert how many calls a client made (total and per operation name).</summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, int> _perOperation = new(StringComparer.Ordinal);
    private int _total;

    public int Total => Volatile.Read(ref _total);
    public int this[string operation] => _perOperation.TryGetValue(operation, out var n) ? n : 0;
    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_perOperation);

    internal void Count(string operation)
    {
        Interlocked.Increment(ref _total);
        _perOperation.AddOrUpdate(operation, 1, (_, n) => n + 1);
    }

    public void Reset()
    {
        _perOperation.Clear();
        Interlocked.Exchange(ref _total, 0);
    }
}

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
    private int _total, _inFlight, _peakInFlight;

    public int Total => Volatile.Read(ref _total);
    /// <summary>The most requests that were being answered at one time since the last <see cref="Reset"/>.</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);
    public int this[string operation] => _perOperation.TryGetValue(operation, out var n) ? n : 0;
    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_perOperation);

    internal void Received()
    {
        Interlocked.Increment(ref _total);
        var now = Interlocked.Increment(ref _inFlight);
        for (var peak = Volatile.Read(ref _peakInFlight); now > peak; peak = Volatile.Read(ref _peakInFlight))
            if (Interlocked.CompareExchange(ref _peakInFlight, now, peak) == peak) break;
    }

    internal void Answered() => Interlocked.Decrement(ref _inFlight);

    internal void Count(string key) => _perOperation.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Reset()
    {
        _perOperation.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _peakInFlight, Volatile.Read(ref _inFlight));
    }
}

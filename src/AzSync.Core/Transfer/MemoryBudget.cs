using System.Diagnostics.CodeAnalysis;

namespace AzSync.Core.Transfer;

/// <summary>
/// Bounds the file content that uploads hold in memory at once, so the number of concurrent transfers can be
/// high (small files are bound by round trips, not bytes) without large files multiplying into gigabytes.
/// Reservations are granted in arrival order, so a large file is never starved by a stream of small ones.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification =
    "A SemaphoreSlim holds nothing to release unless its AvailableWaitHandle is read, which this class never does.")]
public sealed class MemoryBudget(long capacity)
{
    // Units of 64 KiB keep the semaphore count an int for any sensible capacity.
    private const long Unit = 64 * 1024;
    private readonly int _capacityUnits = Units(capacity);
    private readonly SemaphoreSlim _units = new(Units(capacity));
    // One reservation gathers its units at a time: two half-gathered ones could otherwise wait on each other forever.
    private readonly SemaphoreSlim _gathering = new(1);

    /// <summary>
    /// Waits until <paramref name="bytes"/> (at most the whole budget) are free and holds them until disposed.
    /// </summary>
    public async Task<IDisposable> ReserveAsync(long bytes, CancellationToken ct)
    {
        var units = Math.Min(Units(bytes), _capacityUnits);
        var held = 0;
        await _gathering.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            for (; held < units; held++) await _units.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            if (held > 0) _units.Release(held);
            throw;
        }
        finally
        {
            _gathering.Release();
        }
        return new Reservation(_units, units);
    }

    private static int Units(long bytes) => (int)Math.Max(1, (bytes + Unit - 1) / Unit);

    private sealed class Reservation(SemaphoreSlim units, int count) : IDisposable
    {
        private int _count = count;

        public void Dispose()
        {
            var count = Interlocked.Exchange(ref _count, 0);
            if (count > 0) units.Release(count);
        }
    }
}

namespace AzSync.FilesEmulator;

/// <summary>
/// Proves that a client keeps <c>count</c> requests in flight without timing: set <see cref="HoldAsync"/> as
/// <see cref="FilesEmulatorOptions.BeforeRun"/> and every request waits until <c>count</c> are held at once, then
/// they and all later ones go through. A client that never overlaps that far leaves them held, so the test awaits
/// <see cref="Reached"/> with a deadline that only such a client misses, and then calls <see cref="Open"/>.
/// </summary>
public sealed class OverlapGate(int count)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    /// <summary>Completes when <c>count</c> requests were held at one time.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Requests waiting at the gate now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Lets every held and later request through, whether or not the count was reached.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>Awaits <paramref name="work"/> with the gate in place, opening it once the count is reached, the
    /// work ended or <paramref name="patience"/> ran out (which only bounds the wait of a client that never
    /// overlaps).</summary>
    public async Task<T> AroundAsync<T>(Task<T> work, TimeSpan patience)
    {
        try
        {
            await Task.WhenAny(Reached, work, Task.Delay(patience));
        }
        finally
        {
            Open();
        }
        return await work;
    }

    public async Task HoldAsync(string operation, string path, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _held) >= count)
        {
            _reached.TrySetResult();
            Open();
        }
        try
        {
            await _open.Task.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }
}

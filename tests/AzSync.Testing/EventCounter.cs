namespace AzSync.Testing;

/// <summary>
/// Counts events (reads done, requests seen) and lets a test await a count instead of polling for it with sleeps:
/// the wait ends the moment the event happens, however slowly or quickly the machine gets there.
/// </summary>
public sealed class EventCounter
{
    private readonly object _lock = new();
    private readonly List<(int Target, TaskCompletionSource Reached)> _waits = [];
    private int _count;

    public int Count
    {
        get { lock (_lock) return _count; }
    }

    public void Increment()
    {
        List<TaskCompletionSource> reached;
        lock (_lock)
        {
            _count++;
            reached = _waits.Where(w => w.Target <= _count).Select(w => w.Reached).ToList();
            _waits.RemoveAll(w => w.Target <= _count);
        }
        foreach (var r in reached) r.TrySetResult();
    }

    /// <summary>Completes once the count is at least <paramref name="target"/>.</summary>
    public Task WhenReached(int target)
    {
        lock (_lock) return Wait(target);
    }

    /// <summary>Completes after <paramref name="more"/> further events than have happened so far.</summary>
    public Task WhenMore(int more)
    {
        lock (_lock) return Wait(_count + more);
    }

    private Task Wait(int target)
    {
        if (_count >= target) return Task.CompletedTask;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waits.Add((target, reached));
        return reached.Task;
    }
}

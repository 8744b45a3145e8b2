using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace AzSync.Azure.Files;

/// <summary>
/// Walks a directory tree with several directories listed at once. Azure Files lists one directory per request,
/// so a walk that waits for each answer pays a round trip per directory: hundreds of them from a runner in
/// another region. Entries come out in no particular order. A failure in any directory ends the walk with that
/// failure after the entries already found, so a caller never mistakes part of a tree for all of it.
/// </summary>
internal sealed class DirectoryWalk<T>
{
    private readonly Channel<string> _directories = Channel.CreateUnbounded<string>();
    private readonly Channel<T> _found = Channel.CreateUnbounded<T>();
    private int _unfinished;
    private Exception? _failure;

    private DirectoryWalk() { }

    /// <summary>Queues a directory to be listed by whichever worker is free.</summary>
    public void Descend(string directory)
    {
        Interlocked.Increment(ref _unfinished);
        _directories.Writer.TryWrite(directory);
    }

    public void Found(T item) => _found.Writer.TryWrite(item);

    /// <param name="listOne">Lists one directory, calling <see
    /// cref="Descend"/> and <see cref="Found"/> as it goes.</param>
    public static async IAsyncEnumerable<T> RunAsync(string root,
        Func<string, DirectoryWalk<T>, CancellationToken, Task> listOne,
        int parallel, [EnumeratorCancellation] CancellationToken ct)
    {
        var walk = new DirectoryWalk<T>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        walk.Descend(root);
        var workers = Task.WhenAll(Enumerable.Range(0, parallel)
            .Select(_ => Task.Run(() => walk.WorkAsync(listOne, stop), stop.Token)));
        _ = workers.ContinueWith(_ => walk._found.Writer.TryComplete(), CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            await foreach (var item in walk._found.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                yield return item;
            // The first failure, not the cancellations it caused in the other workers.
            if (walk._failure is { } failure) ExceptionDispatchInfo.Throw(failure);
            await workers.ConfigureAwait(false);
        }
        finally
        {
            // Reached early when the caller stops reading or fails: the workers are told to stop and awaited, and
            // their cancellations are not news.
            await stop.CancelAsync().ConfigureAwait(false);
            await workers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task WorkAsync(Func<string, DirectoryWalk<T>, CancellationToken, Task> listOne,
        CancellationTokenSource stop)
    {
        await foreach (var directory in _directories.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
        {
            try
            {
                await listOne(directory, this, stop.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Whatever else is still being listed is of no use now: the walk cannot be complete.
                if (Interlocked.CompareExchange(ref _failure, e, null) is null)
                    await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
            // A directory's subdirectories were queued before it counts as done, so zero means the whole tree.
            if (Interlocked.Decrement(ref _unfinished) == 0) _directories.Writer.TryComplete();
        }
    }
}

using System.Runtime.CompilerServices;
using AzSync.Core.Manifest;
using AzSync.Core.Selection;
using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;
using AzSync.Core.Transfer;

namespace AzSync.Core.Tests.Transfer;

/// <summary>The engine against a real folder: when outcomes are
/// reported, and in what order uploads and deletes run.</summary>
public sealed class TransferEngineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("azsync-engine-").FullName;
    private string Source => Path.Combine(_root, "src");
    private string Dest => Path.Combine(_root, "dst");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void Write(string folder, string path, string content)
    {
        var full = Path.Combine(folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private async Task<TransferResult> SyncAsync(IStore store, bool delete, ITransferObserver? observer = null)
    {
        var job = new SyncJob([new Mapping(Source, Mapping.DefaultInclude, [], "", HeaderRules.None)], delete,
            MaxDelete: null, new SelectionOptions(), Parallel: 4);
        var planned = await new SyncPipeline(store).PlanAsync(job, default);
        var options = new TransferOptions(4, Force: false, RetryDelay: TimeSpan.Zero);
        return await new TransferEngine(store, options, observer).RunAsync(planned.Plan, default);
    }

    private async Task FileReplacedByFolderAsync(bool delete, params string[] alsoSynced)
    {
        Write(Source, "x", "old file");
        foreach (var f in alsoSynced) Write(Source, f, "v1");
        await SyncAsync(new LocalStore(Dest), delete);
        File.Delete(Path.Combine(Source, "x"));
        Write(Source, "x/y", "new file in a folder");
    }

    private static string Errors(TransferResult result) =>
        string.Join("; ", result.Outcomes.Select(o => $"{o.Item.Path}: {o.Error}"));

    [Fact]
    public async Task Each_upload_is_reported_when_it_finishes_not_after_the_last_one()
    {
        Write(Source, "fast.txt", "fast");
        Write(Source, "slow.txt", "slow");
        var observer = new RecordingObserver();
        // The slow upload waits until the observer has heard of the fast one: that only happens if completions
        // are reported while other uploads still run. The timeout keeps a regression from hanging the suite.
        var store = new GatedStore(new LocalStore(Dest), "slow.txt",
            observer.FirstCompletion.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        var result = await SyncAsync(store, delete: false, observer);

        Assert.True(result.AllSucceeded, Errors(result));
        Assert.Equal(["fast.txt", "slow.txt"], observer.Completed);
        Assert.Equal(["fast.txt", "slow.txt"], result.Outcomes.Select(o => o.Item.Path));
    }

    [Fact]
    public async Task An_unchanged_file_keeps_no_outcome_record_once_read()
    {
        Write(Source, "same.txt", "same");
        await SyncAsync(new LocalStore(Dest), delete: false);

        var result = await SyncAsync(new LocalStore(Dest), delete: false);

        // A held record per unchanged file was a large share of a 200,000-file run's memory: the outcome is made
        // when read, so one read and dropped can be collected while the result itself lives on.
        var read = ReadFirstOutcome(result);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(read.TryGetTarget(out _));
        Assert.Equal(ItemStatus.Unchanged, Assert.Single(result.Outcomes).Status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<ItemOutcome> ReadFirstOutcome(TransferResult result) => new(result.Outcomes[0]);

    [Fact]
    public async Task A_file_replaced_by_a_folder_converges_with_delete()
    {
        await FileReplacedByFolderAsync(delete: true, "keep.txt");

        var result = await SyncAsync(new LocalStore(Dest), delete: true);

        Assert.True(result.AllSucceeded, Errors(result));
        Assert.Equal("new file in a folder", File.ReadAllText(Path.Combine(Dest, "x", "y")));
        Assert.Equal(ItemStatus.Deleted, result.Outcomes.Single(o => o.Item.Path == "x").Status);
    }

    [Fact]
    public async Task A_folder_replaced_by_a_file_converges_with_delete()
    {
        Write(Source, "x/y", "old file in a folder");
        Write(Source, "x/z", "another");
        await SyncAsync(new LocalStore(Dest), delete: true);
        Directory.Delete(Path.Combine(Source, "x"), recursive: true);
        Write(Source, "x", "new file");

        var result = await SyncAsync(new LocalStore(Dest), delete: true);

        Assert.True(result.AllSucceeded, Errors(result));
        Assert.Equal("new file", File.ReadAllText(Path.Combine(Dest, "x")));
    }

    [Fact]
    public async Task Without_delete_a_file_in_the_way_of_a_folder_fails_saying_what_to_do()
    {
        await FileReplacedByFolderAsync(delete: false);

        var result = await SyncAsync(new LocalStore(Dest), delete: false);

        var failed = result.Outcomes.Single(o => o.Item.Path == "x/y");
        Assert.Equal(ItemStatus.Failed, failed.Status);
        Assert.Equal("'x' is a file at the destination where the source has a folder; run with --delete to replace it.",
            failed.Error);
        Assert.Equal("old file", File.ReadAllText(Path.Combine(Dest, "x")));
    }

    [Fact]
    public async Task Uploads_waiting_for_a_skipped_delete_are_not_run()
    {
        await FileReplacedByFolderAsync(delete: true, "bad.txt");
        Write(Source, "bad.txt", "v2");
        // Changed at the destination after listing would need a race; a store that refuses one write is simpler.
        var store = new GatedStore(new LocalStore(Dest), "bad.txt",
            Task.FromException(new StoreException(StoreErrorKind.Failed, "refused")));

        var result = await SyncAsync(store, delete: true);

        Assert.True(result.DeletesSkipped);
        Assert.Equal(ItemStatus.NotRun, result.Outcomes.Single(o => o.Item.Path == "x/y").Status);
        Assert.Equal(ItemStatus.NotRun, result.Outcomes.Single(o => o.Item.Path == "x").Status);
        Assert.True(File.Exists(Path.Combine(Dest, "x")));
    }

    [Fact]
    public async Task A_delete_conflict_says_not_deleted_and_how_to_delete_anyway()
    {
        Write(Source, "keep.txt", "k");
        Write(Source, "gone.txt", "g");
        var store = new LocalStore(Dest);
        await SyncAsync(store, delete: false);
        File.Delete(Path.Combine(Source, "gone.txt"));
        var mapping = new Mapping(Source, Mapping.DefaultInclude, [], "", HeaderRules.None);
        var job = new SyncJob([mapping], true, MaxDelete: null, new SelectionOptions(), Parallel: 4);
        var planned = await new SyncPipeline(store).PlanAsync(job, default);
        Write(Dest, "gone.txt", "another writer's longer content");

        var engine = new TransferEngine(store, new TransferOptions(4, Force: false, RetryDelay: TimeSpan.Zero));
        var result = await engine.RunAsync(planned.Plan, default);

        var conflict = Assert.Single(result.Outcomes, o => o.Status == ItemStatus.Conflict);
        Assert.Equal("gone.txt", conflict.Item.Path);
        Assert.Contains("not deleted", conflict.Error);
        Assert.EndsWith("use --force to delete it anyway.", conflict.Error);
        Assert.DoesNotContain("overwrit", conflict.Error);
        Assert.Equal("another writer's longer content", File.ReadAllText(Path.Combine(Dest, "gone.txt")));
    }

    private sealed class RecordingObserver : ITransferObserver
    {
        public TaskCompletionSource FirstCompletion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string> Completed { get; } = [];
        public void Started(long totalBytes, int totalFiles) { }
        public void BytesSent(long bytes) { }
        void ITransferObserver.Completed(ItemOutcome outcome)
        {
            lock (Completed) Completed.Add(outcome.Item.Path);
            FirstCompletion.TrySetResult();
        }
    }

    /// <summary>A real local store whose write of one path first awaits a task.</summary>
    private sealed class GatedStore(LocalStore inner, string gatedPath, Task gate) : IStore
    {
        public string DisplayName => inner.DisplayName;
        public StoreFeatures Features => inner.Features;
        public Task PrepareAsync(bool createIfMissing, CancellationToken ct) => inner.PrepareAsync(createIfMissing, ct);
        public IAsyncEnumerable<StoreEntry> ListAsync(string prefix, CancellationToken ct) =>
            inner.ListAsync(prefix, ct);
        public string? CheckName(string path) => inner.CheckName(path);
        public Task<Stream> OpenReadAsync(string path, CancellationToken ct) => inner.OpenReadAsync(path, ct);
        public Task DeleteAsync(StoreEntry entry, bool force, CancellationToken ct) =>
            inner.DeleteAsync(entry, force, ct);
        public Task CompleteAsync(CancellationToken ct) => inner.CompleteAsync(ct);
        public ValueTask DisposeAsync() => inner.DisposeAsync();

        public async Task<StoreWriteResult> WriteAsync(StoreWrite write, CancellationToken ct)
        {
            if (write.Path == gatedPath) await gate;
            return await inner.WriteAsync(write, ct);
        }
    }
}

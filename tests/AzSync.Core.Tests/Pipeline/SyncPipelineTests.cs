using AzSync.Core.Manifest;
using AzSync.Core.Selection;
using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;

namespace AzSync.Core.Tests.Pipeline;

/// <summary>
/// The listing starts before the selection and runs alongside the hashing; these pin which error a run reports when
/// one side fails while the other is still busy.
/// </summary>
public sealed class SyncPipelineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("azsync-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static SyncJob Job(string source) =>
        new([new Mapping(source, Mapping.DefaultInclude, [], "", HeaderRules.None)], Delete: false, MaxDelete: null,
            new SelectionOptions(), Parallel: 4);

    private string SourceWithFiles(int count)
    {
        var source = Directory.CreateDirectory(Path.Combine(_root, "src")).FullName;
        for (var i = 0; i < count; i++) File.WriteAllBytes(Path.Combine(source, $"f{i}.bin"), new byte[64 << 10]);
        return source;
    }

    [Fact]
    public async Task A_destination_that_fails_while_files_are_hashed_reports_its_own_error_not_a_cancellation()
    {
        var notAFolder = Path.Combine(_root, "dest");
        File.WriteAllText(notAFolder, "a file where the destination folder should be");
        await using var store = new LocalStore(notAFolder);

        var e = await Assert.ThrowsAsync<StoreException>(() => new SyncPipeline(store)
            .PlanAsync(Job(SourceWithFiles(300)), default));
        Assert.Equal(StoreErrorKind.InvalidDestination, e.Kind);
    }

    [Fact]
    public async Task A_bad_selection_is_reported_before_a_failing_destination()
    {
        var notAFolder = Path.Combine(_root, "dest");
        File.WriteAllText(notAFolder, "x");
        await using var store = new LocalStore(notAFolder);

        var e = await Assert.ThrowsAsync<SelectionException>(() => new SyncPipeline(store)
            .PlanAsync(Job(Path.Combine(_root, "missing")), default));
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public async Task The_plan_holds_what_both_sides_found()
    {
        var source = SourceWithFiles(3);
        var dest = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        File.WriteAllBytes(Path.Combine(dest, "f0.bin"), new byte[64 << 10]);
        await using var store = new LocalStore(dest);

        var planned = await new SyncPipeline(store).PlanAsync(Job(source), default);

        Assert.Equal(3, planned.Selection.Files.Count);
        Assert.Equal(1, planned.Remote.Entries);
        Assert.Equal(1, planned.Plan.Count(AzSync.Core.Planning.PlanAction.Unchanged));
        Assert.Equal(2, planned.Plan.Count(AzSync.Core.Planning.PlanAction.UploadNew));
    }

    [Fact]
    public async Task A_listing_that_breaks_part_way_fails_the_plan_and_stops_the_other_listings()
    {
        var source = SourceWithFiles(3);
        var dest = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        await using var store = new BreakingListing(new LocalStore(dest));
        var job = Job(source) with
        {
            Mappings = [new Mapping(source, Mapping.DefaultInclude, [], "a", HeaderRules.None),
                new Mapping(source, Mapping.DefaultInclude, [], "b", HeaderRules.None)],
        };

        var e = await Assert.ThrowsAsync<StoreException>(() => new SyncPipeline(store).PlanAsync(job, default));

        Assert.Equal("the listing of 'b/' broke", e.Message);
        Assert.True(store.OtherListingCancelled);
    }

    /// <summary>
    /// A real folder whose listing of 'b/' fails after one entry, as a connection lost on a later page would, while
    /// the listing of 'a/' is still waiting for its next page.
    /// </summary>
    private sealed class BreakingListing(LocalStore inner) : IStore
    {
        public bool OtherListingCancelled { get; private set; }
        public string DisplayName => inner.DisplayName;
        public StoreFeatures Features => inner.Features;
        public Task PrepareAsync(bool createIfMissing, CancellationToken ct) => inner.PrepareAsync(createIfMissing, ct);
        public string? CheckName(string path) => inner.CheckName(path);

        public async IAsyncEnumerable<StoreEntry> ListAsync(string prefix,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            yield return new StoreEntry(prefix + "f0.bin", 1, null);
            if (prefix == "b/") throw new StoreException(StoreErrorKind.Failed, "the listing of 'b/' broke");
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(2), ct);
            }
            catch (OperationCanceledException)
            {
                OtherListingCancelled = true;
                throw;
            }
        }

        public Task<StoreWriteResult> WriteAsync(StoreWrite write, CancellationToken ct) => inner.WriteAsync(write, ct);
        public Task<Stream> OpenReadAsync(string path, CancellationToken ct) => inner.OpenReadAsync(path, ct);
        public Task DeleteAsync(StoreEntry entry, bool force, CancellationToken ct) =>
            inner.DeleteAsync(entry, force, ct);
        public Task CompleteAsync(CancellationToken ct) => inner.CompleteAsync(ct);
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

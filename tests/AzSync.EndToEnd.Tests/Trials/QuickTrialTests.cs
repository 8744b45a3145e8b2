using AzSync.Testing;
using AzSync.Testing.Trials;
using Xunit.Abstractions;

namespace AzSync.EndToEnd.Tests.Trials;

/// <summary>
/// The quick subset of the integrity trials (the long ones: tools/trials.sh): the built tool through a proxy that
/// injects seeded faults at 20% (connection resets before and after the service acted, cut bodies, 503s), on Azurite
/// and the Files emulator. Runs may fail; none may lose, half-write, wrongly delete or mis-label a file, and a
/// fault-free re-run converges.
/// </summary>
public sealed class QuickTrialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Blob_at_20_percent_faults_loses_nothing_and_converges()
    {
        await using var store = await BlobTrialStore.StartAsync();
        await AssertClean(await new FaultRateTrial(store, seed: 7, rate: 0.2, files: 6).RunAsync(output.WriteLine));
    }

    [Fact]
    public async Task Files_at_20_percent_faults_loses_nothing_and_converges()
    {
        await using var store = await FilesTrialStore.StartAsync();
        await AssertClean(await new FaultRateTrial(store, seed: 7, rate: 0.2, files: 6).RunAsync(output.WriteLine));
    }

    [Fact]
    public async Task Lying_listings_never_lead_to_a_wrong_delete()
    {
        await using var store = await FilesTrialStore.StartAsync();
        var counts = await new FaultRateTrial(store, seed: 11, rate: 0.5, files: 6)
            .RunAsync(output.WriteLine, FaultKind.EmptyPage, FaultKind.DropMarker);
        await AssertClean(counts);
    }

    private Task AssertClean(TrialCounts counts)
    {
        output.WriteLine(counts.ToString());
        Assert.True(counts.Faults > 0, "the proxy injected no fault: the trial proved nothing");
        Assert.True(counts.Clean, counts.ToString());
        return Task.CompletedTask;
    }
}

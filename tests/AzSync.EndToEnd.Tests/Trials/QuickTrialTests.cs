using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;
using AzSync.Testing.Trials;
using Xunit.Abstractions;

namespace AzSync.EndToEnd.Tests.Trials;

// The quick subset of the integrity trials (the long ones: tools/trials.sh, results in tests/TRIALS.md): the built
// tool through a proxy that injects seeded faults, on Azurite and the Files emulator. Runs may fail; none may lose,
// half-write, wrongly delete or mis-label a file, and a fault-free re-run converges. One class per store, so xunit
// runs them side by side.

/// <summary>20% network faults (resets before and after the service acted, cut bodies, 503s) on Blob.</summary>
[Trait("Needs", "azurite")]
[StartsFirst]
public sealed class QuickBlobTrialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Blob_at_20_percent_faults_loses_nothing_and_converges()
    {
        await using var store = await BlobTrialStore.StartAsync();
        var counts = await new FaultRateTrial(store, seed: 7, rate: 0.2, files: 6).RunAsync(output.WriteLine);
        QuickTrial.AssertClean(counts, output);
    }
}

/// <summary>20% network faults on Files.</summary>
[StartsFirst]
public sealed class QuickFilesTrialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Files_at_20_percent_faults_loses_nothing_and_converges()
    {
        await using var store = await FilesTrialStore.StartAsync();
        var counts = await new FaultRateTrial(store, seed: 7, rate: 0.2, files: 6).RunAsync(output.WriteLine);
        QuickTrial.AssertClean(counts, output);
    }
}

/// <summary>Half the listing pages lie (entries removed, NextMarker dropped) on Files, where folders are listed one
/// by one.</summary>
[StartsFirst]
public sealed class QuickLyingListingTrialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Lying_listings_never_lead_to_a_wrong_delete()
    {
        await using var store = await FilesTrialStore.StartAsync();
        var counts = await new FaultRateTrial(store, seed: 11, rate: 0.5, files: 6)
            .RunAsync(output.WriteLine, FaultKind.EmptyPage, FaultKind.DropMarker);
        QuickTrial.AssertClean(counts, output);
    }
}

internal static class QuickTrial
{
    public static void AssertClean(TrialCounts counts, ITestOutputHelper output)
    {
        output.WriteLine(counts.ToString());
        Assert.True(counts.Faults > 0, "the proxy injected no fault: the trial proved nothing");
        Assert.True(counts.Clean, counts.ToString());
    }
}

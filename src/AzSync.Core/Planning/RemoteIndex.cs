using AzSync.Core.Manifest;
using AzSync.Core.Stores;

namespace AzSync.Core.Planning;

/// <summary>Stage 4: what the destination holds under the mappings' targets, listed once per distinct target.</summary>
/// <param name="DestinationMissing">
/// The container, share or folder does not exist yet (a preview with --create-container).
/// </param>
public sealed record RemoteIndex(IReadOnlyDictionary<string, StoreEntry> Entries, bool DestinationMissing = false)
{
    public static RemoteIndex Missing { get; } = new(new Dictionary<string, StoreEntry>(), DestinationMissing: true);

    /// <summary>
    /// Targets are listed a few at a time: against a distant account each listing is mostly waiting, and a
    /// manifest with a dozen targets would otherwise pay a dozen round trips one after another.
    /// </summary>
    internal const int ConcurrentListings = 4;

    public static async Task<RemoteIndex> LoadAsync(IStore store, IReadOnlyList<Mapping> mappings, CancellationToken ct)
    {
        var prefixes = ListingPrefixes(mappings);
        // Entries go into the index as their pages arrive, not into a list per listing copied over at the end.
        var index = new Dictionary<string, StoreEntry>(store.Features.PathComparer);
        // The prefixes are disjoint (nested ones are dropped), so the listings never see the same entry. The first
        // failure cancels the rest and is the one reported: a partial index must never reach the planner.
        await Parallel.ForEachAsync(Enumerable.Range(0, prefixes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentListings, CancellationToken = ct },
            async (i, token) =>
            {
                await foreach (var entry in store.ListAsync(prefixes[i], token).ConfigureAwait(false))
                    lock (index) index[entry.Path] = entry;
            }).ConfigureAwait(false);
        return new RemoteIndex(index);
    }

    /// <summary>One prefix per target, dropping targets nested inside another, so nothing is listed twice.</summary>
    internal static IReadOnlyList<string> ListingPrefixes(IReadOnlyList<Mapping> mappings)
    {
        var prefixes = mappings.Select(m => m.Target.Length == 0 ? "" : m.Target + "/")
            .Distinct(StringComparer.Ordinal).OrderBy(p => p.Length).ToList();
        var kept = new List<string>();
        foreach (var p in prefixes)
            if (!kept.Any(k => p.StartsWith(k, StringComparison.Ordinal))) kept.Add(p);
        return kept;
    }
}

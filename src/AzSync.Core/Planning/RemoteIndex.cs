using AzSync.Core.Manifest;
using AzSync.Core.Stores;

namespace AzSync.Core.Planning;

/// <summary>Stage 4: what the destination holds under the mappings' targets, listed once per distinct target and
/// handed on entry by entry as it arrives (the run's <see cref="DestinationMatcher"/> takes them).</summary>
public static class RemoteIndex
{
    /// <summary>
    /// Targets are listed a few at a time: against a distant account each listing is mostly waiting, and a
    /// manifest with a dozen targets would otherwise pay a dozen round trips one after another.
    /// </summary>
    internal const int ConcurrentListings = 4;

    /// <summary>
    /// Lists every target, handing each entry to <paramref name="onEntry"/> (from several listings at once) as its
    /// page arrives. The prefixes are disjoint (nested ones are dropped), so no entry comes twice. The first failure
    /// cancels the rest and is the one thrown: a partial listing must never reach the planner.
    /// </summary>
    public static Task ListAsync(IStore store, IReadOnlyList<Mapping> mappings,
        Func<StoreEntry, CancellationToken, ValueTask> onEntry, CancellationToken ct)
    {
        var prefixes = ListingPrefixes(mappings);
        return Parallel.ForEachAsync(Enumerable.Range(0, prefixes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentListings, CancellationToken = ct },
            async (i, token) =>
            {
                await foreach (var entry in store.ListAsync(prefixes[i], token).ConfigureAwait(false))
                    await onEntry(entry, token).ConfigureAwait(false);
            });
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

using AzSync.Core.Manifest;
using AzSync.Core.Stores;

namespace AzSync.Core.Planning;

/// <summary>Stage 4: what the destination holds under the mappings' targets, listed once per distinct target.</summary>
public sealed record RemoteIndex(IReadOnlyDictionary<string, StoreEntry> Entries)
{
    public static async Task<RemoteIndex> LoadAsync(IStore store, IReadOnlyList<Mapping> mappings, CancellationToken ct)
    {
        var entries = new Dictionary<string, StoreEntry>(StringComparer.Ordinal);
        foreach (var prefix in ListingPrefixes(mappings))
        {
            await foreach (var entry in store.ListAsync(prefix, ct).ConfigureAwait(false))
                entries[entry.Path] = entry;
        }
        return new RemoteIndex(entries);
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

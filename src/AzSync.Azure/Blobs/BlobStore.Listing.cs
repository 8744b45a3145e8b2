using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;
using AzSync.Core.Planning;
using AzSync.Core.Stores;

namespace AzSync.Azure.Blobs;

internal sealed partial class BlobStore
{
    /// <summary>
    /// The first page of the listing under the destination's prefix, which <see cref="PrepareAsync"/> fetched as its
    /// existence check. The listing that follows starts from it rather than asking again; a write or a delete drops
    /// it, since it no longer says what the container holds.
    /// </summary>
    private FirstPage? _firstPage;

    private sealed record FirstPage(IReadOnlyList<BlobItem> Items, string? Continuation)
    {
        public bool Complete => string.IsNullOrEmpty(Continuation);
    }

    private string Root => _destination.Prefix.Length > 0 ? _destination.Prefix + "/" : "";

    /// <summary>
    /// The existence check is the listing's own first page, not a request of its own: a run lists next anyway, and
    /// a missing container answers List Blobs with 404 ContainerNotFound. (Not Get Container Properties, the SDK's
    /// ExistsAsync, either way: a container SAS may list but never read container properties.)
    /// </summary>
    public async Task PrepareAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        var first = await Call(() => FirstPageAsync(cancellationToken), "the container").ConfigureAwait(false);
        Volatile.Write(ref _firstPage, first);
        if (first is not null) return;
        if (!createIfMissing)
            throw BlobErrors.ContainerMissing(_destination);
        await Call(() => Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken), "the container")
            .ConfigureAwait(false);
    }

    /// <returns>Null when the container does not exist.</returns>
    private async Task<FirstPage?> FirstPageAsync(CancellationToken ct)
    {
        try
        {
            await using var pages = Pages(Root, null, ct);
            return await pages.MoveNextAsync().ConfigureAwait(false)
                ? new FirstPage(pages.Current.Values, pages.Current.ContinuationToken)
                : new FirstPage([], null);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "ContainerNotFound")
        {
            return null;
        }
    }

    private void ForgetFirstPage() => Volatile.Write(ref _firstPage, null);

    public async IAsyncEnumerable<StoreEntry> ListAsync(string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var root = Root;
        var under = root + prefix;
        // The page Prepare fetched serves one listing: the whole destination, or any part of it when that page held
        // everything. A narrower listing of a bigger container asks for its own pages.
        string? marker = null;
        if (Interlocked.Exchange(ref _firstPage, null) is { } first && (prefix.Length == 0 || first.Complete))
        {
            foreach (var entry in Entries(first.Items, root, under)) yield return entry;
            if (first.Complete) yield break;
            marker = first.Continuation;
        }
        await using var pages = Pages(under, marker, cancellationToken);
        while (await Call(() => pages.MoveNextAsync().AsTask(), "the container").ConfigureAwait(false))
            foreach (var entry in Entries(pages.Current.Values, root, under)) yield return entry;
    }

    private IAsyncEnumerator<Page<BlobItem>> Pages(string prefix, string? marker, CancellationToken ct) =>
        Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct).AsPages(marker, _options.PageSize)
            .GetAsyncEnumerator(ct);

    /// <summary>One page's blobs as entries. Neighbours mostly carry the same headers, so the last shared set is
    /// reused (the record's own equality decides) without a lookup in the shared table.</summary>
    private static IEnumerable<StoreEntry> Entries(IReadOnlyList<BlobItem> items, string root, string under)
    {
        ContentHeaders? last = null;
        foreach (var item in items)
        {
            if (!item.Name.StartsWith(under, StringComparison.Ordinal)) continue;
            var p = item.Properties;
            var listed = new ContentHeaders(Value(p.ContentType), Value(p.CacheControl), Value(p.ContentEncoding),
                Value(p.ContentDisposition));
            var headers = listed == last ? last : last = HeaderResolver.Shared(listed);
            yield return new StoreEntry(item.Name[root.Length..], p.ContentLength ?? 0,
                p.ContentHash is { Length: > 0 } md5 ? md5 : null, p.ETag?.ToString() ?? "", headers);
        }
    }

    private static string? Value(string? s) => string.IsNullOrEmpty(s) ? null : s;
}

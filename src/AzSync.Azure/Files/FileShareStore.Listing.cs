using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Files.Shares.Models;
using AzSync.Core.Stores;

namespace AzSync.Azure.Files;

/// <summary>
/// Listing: Azure Files lists one directory per request and carries no MD5, so directories are walked several at
/// once and each file's MD5 comes from the index, or from its properties when the index cannot vouch for it.
/// </summary>
internal partial class FileShareStore
{
    private static readonly ShareDirectoryGetFilesAndDirectoriesOptions Listing = new()
    {
        // The ETag alone: the size comes regardless, and timestamps would be read and parsed for every file (five
        // of them each) and never used.
        Traits = ShareFileTraits.ETag,
        IncludeExtendedInfo = true,
    };

    public async IAsyncEnumerable<StoreEntry> ListAsync(string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Already under way since PrepareAsync; the first directories are listed while it is read, and wait for it
        // only to look their files up.
        var index = _index.LoadAsync(cancellationToken);
        var start = prefix.Contains('/') ? prefix[..prefix.LastIndexOf('/')] : "";
        var walk = DirectoryWalk<StoreEntry>.RunAsync(start,
            (directory, w, ct) => ListDirectoryAsync(directory, prefix, index, w, ct), ListingParallelism,
            cancellationToken);
        await foreach (var entry in walk.ConfigureAwait(false)) yield return entry;
    }

    private async Task ListDirectoryAsync(string relativeDir, string prefix, Task<FileShareIndex> index,
        DirectoryWalk<StoreEntry> walk, CancellationToken ct)
    {
        var pages = _clients.Directory(Full(relativeDir)).GetFilesAndDirectoriesAsync(Listing, ct).AsPages();
        await using var page = pages.GetAsyncEnumerator(ct);
        // A leftover marker names its target by a hash, matched only against its own directory's files: their names
        // are kept while the directory is listed, and handed over only if it holds a marker (almost never).
        var names = new List<string>();
        var leftover = false;
        try
        {
            while (true)
            {
                try
                {
                    var more = await Call(async () => await page.MoveNextAsync().ConfigureAwait(false),
                        $"'{relativeDir}'").ConfigureAwait(false);
                    if (!more) return;
                }
                // A directory removed since its parent was listed has nothing under it; the root missing is the
                // share's problem and is said by PrepareAsync.
                catch (StoreException e) when (Full(relativeDir).Length > 0 &&
                                               e.InnerException is RequestFailedException { Status: 404 } gone &&
                                               gone.ErrorCode == "ResourceNotFound")
                {
                    return;
                }
                _directories.TryAdd(Full(relativeDir), new Lazy<Task>(Task.CompletedTask));
                leftover |= await ListPageAsync(page.Current.Values, relativeDir, prefix, index, names, walk, ct)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            if (leftover) foreach (var name in names) _leases.Listed(Full(Join(relativeDir, name)));
        }
    }

    /// <returns>Whether the page holds a leftover marker.</returns>
    private async Task<bool> ListPageAsync(IEnumerable<ShareFileItem> items, string relativeDir, string prefix,
        Task<FileShareIndex> indexRead, List<string> names, DirectoryWalk<StoreEntry> walk, CancellationToken ct)
    {
        var index = await indexRead.ConfigureAwait(false);
        var leftover = false;
        var unvouched = new List<(string Path, ShareFileItem Item)>();
        foreach (var item in items)
        {
            var path = Join(relativeDir, item.Name);
            if (item.IsDirectory)
            {
                if ((path + "/").StartsWith(prefix, StringComparison.Ordinal) ||
                    prefix.StartsWith(path + "/", StringComparison.Ordinal))
                    walk.Descend(path);
                continue;
            }
            if (item.Name.StartsWith(FileLeases.TempPrefix, StringComparison.Ordinal))
            {
                _leases.FoundLeftover(Full(path));
                leftover = true;
                continue;
            }
            names.Add(item.Name);
            if (path == FileShareIndex.FileName || !path.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var size = item.FileSize ?? 0;
            var etag = item.Properties?.ETag?.ToString("H");
            // The index's own strings when they are the same: the listing's then live no longer than its page.
            if (index.Listed(path, size, etag) is { } trusted)
                walk.Found(new StoreEntry(string.Equals(trusted.Path, path, StringComparison.Ordinal)
                    ? trusted.Path : path, size, trusted.Md5, trusted.ETag));
            else unvouched.Add((path, item));
        }
        await ReadPropertiesAsync(unvouched, walk, ct).ConfigureAwait(false);
        return leftover;
    }

    private static string Join(string directory, string name) =>
        directory.Length == 0 ? name : directory + "/" + name;

    /// <summary>
    /// The index cannot vouch for files another tool wrote or changed: their MD5 costs a request each, so those go
    /// out together rather than one round trip after another.
    /// </summary>
    private Task ReadPropertiesAsync(List<(string Path, ShareFileItem Item)> unvouched,
        DirectoryWalk<StoreEntry> walk, CancellationToken ct) =>
        Parallel.ForEachAsync(unvouched,
            new ParallelOptions { MaxDegreeOfParallelism = ListingParallelism, CancellationToken = ct },
            async (u, token) =>
            {
                await _propertyReads.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    var properties = await Call(() => PropertiesAsync(Full(u.Path), token), $"'{u.Path}'")
                        .ConfigureAwait(false);
                    var etag = u.Item.Properties?.ETag?.ToString("H");
                    walk.Found(new StoreEntry(u.Path, u.Item.FileSize ?? 0, properties?.ContentHash, etag));
                }
                finally
                {
                    _propertyReads.Release();
                }
            });
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Files.Shares;
using Azure.Storage.Files.Shares.Models;
using Azure.Storage.Files.Shares.Specialized;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;

namespace AzSync.Azure.Files;

public sealed record FileShareStoreOptions
{
    /// <summary>The SDK's options; the store adds the token intent and trailing-dot settings Files needs.</summary>
    public ShareClientOptions Client { get; init; } = FileShareClients.DefaultOptions();
    /// <summary>Replace files that carry the ReadOnly attribute (x-ms-file-rename-ignore-readonly) instead of refusing.</summary>
    public bool IgnoreReadOnly { get; init; }
    /// <summary>Receives things the user should know that are not failures (a cleared leftover lease, a folder kept).</summary>
    public Action<string>? Note { get; init; }
}

/// <summary>
/// An Azure Files share (and directory) as a destination, through the official SDK. Listings carry no MD5, so the
/// store keeps an index beside the data (<see cref="FileShareIndex"/>), trusted per file only while the ETag
/// matches. Every write goes to a temporary name in the target directory and is renamed over the target, so SMB
/// readers never see half a file (the SDK has no atomic replace); temporary files left by a killed run are removed
/// by the next run. Files takes no conditional headers: a listed file is replaced or deleted under a lease
/// (<see cref="FileLeases"/>), after checking it is still the version listed.
/// </summary>
public sealed class FileShareStore : IStore
{
    /// <summary>
    /// Directories listed at once, and property reads in flight across them: enough to hide the round trips to a
    /// distant account, far below the request rates at which the service starts to throttle.
    /// </summary>
    private const int ListingParallelism = 16;
    private readonly SemaphoreSlim _propertyReads = new(ListingParallelism);
    private readonly FileShareClients _clients;
    private readonly FileShareDestination _destination;
    private readonly StorageCredential _credential;
    private readonly FileShareStoreOptions _options;
    private readonly FileLeases _leases;
    private readonly FileNameRules _names = new();
    // Lazy: GetOrAdd may run its factory twice under a race, and a second Create Directory would still be sent.
    private readonly ConcurrentDictionary<string, Lazy<Task>> _directories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _present = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _emptied = new(StringComparer.OrdinalIgnoreCase);
    private readonly FileIndexFile _index;
    private bool _indexDirty;

    private FileShareStore(FileShareDestination destination, StorageCredential credential, FileShareStoreOptions options)
    {
        _destination = destination;
        _credential = credential;
        _options = options;
        _clients = new FileShareClients(destination, credential, options.Client);
        _leases = new FileLeases(_clients, destination.Share, options.Note);
        _index = new FileIndexFile(_clients, Full(FileShareIndex.FileName), options.Note);
    }

    public static FileShareStore Open(FileShareDestination destination, StorageCredential credential, FileShareStoreOptions? options = null) =>
        new(destination, credential, options ?? new FileShareStoreOptions());

    public string DisplayName => _destination.Display;

    public StoreFeatures Features { get; } = new(ListsContentMd5: true, WritesRanges: true, ConditionalWrites: true, CaseInsensitiveNames: true);

    public async Task PrepareAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        if (await Call(() => ShareExistsAsync(cancellationToken), "the share").ConfigureAwait(false)) return;
        if (!createIfMissing)
            throw new StoreException(StoreErrorKind.DestinationNotFound,
                $"Share '{_destination.Share}' does not exist. Create it, or pass --create-container" +
                (_credential is StorageCredential.Token ? " (creating a share with a token needs a role on the storage account; a key or SAS may be simpler)." : "."));
        await Call(() => _clients.Share.CreateIfNotExistsAsync(cancellationToken: cancellationToken), "the share").ConfigureAwait(false);
    }

    /// <summary>A one-item listing of the root, not Get Share Properties: it works with a share SAS, a key or a token alike.</summary>
    private async Task<bool> ShareExistsAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var _ in _clients.Share.GetRootDirectoryClient().GetFilesAndDirectoriesAsync(cancellationToken: ct).AsPages(pageSizeHint: 1)
                               .ConfigureAwait(false))
                break;
            return true;
        }
        catch (RequestFailedException e) when (e.Is(404)) { return false; }
    }

    public async IAsyncEnumerable<StoreEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = await _index.LoadAsync(cancellationToken).ConfigureAwait(false);
        var start = prefix.Contains('/') ? prefix[..prefix.LastIndexOf('/')] : "";
        await foreach (var entry in DirectoryWalk<StoreEntry>.RunAsync(start, (directory, walk, ct) => ListDirectoryAsync(directory, prefix, index, walk, ct),
                           ListingParallelism, cancellationToken).ConfigureAwait(false))
            yield return entry;
    }

    private async Task ListDirectoryAsync(string relativeDir, string prefix, FileShareIndex index, DirectoryWalk<StoreEntry> walk, CancellationToken ct)
    {
        var listing = new ShareDirectoryGetFilesAndDirectoriesOptions { Traits = ShareFileTraits.Timestamps | ShareFileTraits.ETag, IncludeExtendedInfo = true };
        var pages = _clients.Directory(Full(relativeDir)).GetFilesAndDirectoriesAsync(listing, ct).AsPages();
        await using var page = pages.GetAsyncEnumerator(ct);
        while (true)
        {
            try
            {
                if (!await Call(async () => await page.MoveNextAsync().ConfigureAwait(false), $"'{relativeDir}'").ConfigureAwait(false)) return;
            }
            // A directory removed since its parent was listed has nothing under it; the root missing is the share's
            // problem and is said by PrepareAsync.
            catch (StoreException e) when (Full(relativeDir).Length > 0 && e.InnerException is RequestFailedException { Status: 404, ErrorCode: "ResourceNotFound" })
            {
                return;
            }
            _directories.TryAdd(Full(relativeDir), new Lazy<Task>(Task.CompletedTask));
            var unvouched = new List<(string Path, ShareFileItem Item)>();
            foreach (var item in page.Current.Values)
            {
                var path = relativeDir.Length == 0 ? item.Name : relativeDir + "/" + item.Name;
                if (item.IsDirectory)
                {
                    if ((path + "/").StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(path + "/", StringComparison.Ordinal)) walk.Descend(path);
                    continue;
                }
                if (item.Name.StartsWith(FileLeases.TempPrefix, StringComparison.Ordinal)) { _leases.FoundLeftover(Full(path)); continue; }
                _leases.Listed(Full(path));
                if (path == FileShareIndex.FileName || !path.StartsWith(prefix, StringComparison.Ordinal)) continue;
                _present[path] = true;
                var size = item.FileSize ?? 0;
                var etag = item.Properties?.ETag?.ToString("H");
                if (index.TrustedMd5(path, size, etag) is { } md5) walk.Found(new StoreEntry(path, size, md5, etag));
                else unvouched.Add((path, item));
            }
            // The index cannot vouch for files another tool wrote or changed: their MD5 costs a request each, so
            // those go out together rather than one round trip after another.
            await Parallel.ForEachAsync(unvouched, new ParallelOptions { MaxDegreeOfParallelism = ListingParallelism, CancellationToken = ct }, async (u, token) =>
            {
                await _propertyReads.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    var properties = await Call(() => PropertiesAsync(Full(u.Path), token), $"'{u.Path}'").ConfigureAwait(false);
                    walk.Found(new StoreEntry(u.Path, u.Item.FileSize ?? 0, properties?.ContentHash, u.Item.Properties?.ETag?.ToString("H")));
                }
                finally
                {
                    _propertyReads.Release();
                }
            }).ConfigureAwait(false);
        }
    }

    public string? CheckName(string path) => _names.Check(Full(path));

    public async Task<StoreWriteResult> WriteAsync(StoreWrite write, CancellationToken cancellationToken)
    {
        var target = Full(write.Path);
        var temp = FileLeases.NewMarker(target);
        var tempFile = _clients.File(temp);
        return await Call(async () =>
        {
            // A folder this run emptied would otherwise stand in the way of a file of its name until CompleteAsync.
            if (_emptied.ContainsKey(write.Path)) await RemoveIfEmptyAsync(write.Path, cancellationToken).ConfigureAwait(false);
            await EnsureDirectoryAsync(Parent(target), cancellationToken).ConfigureAwait(false);
            ShareLeaseClient? lease = null;
            try
            {
                await tempFile.CreateAsync(write.Source.Size, new ShareFileCreateOptions { HttpHeaders = HttpHeaders(write.Headers, write.Source.Md5) },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                var index = await _index.LoadAsync(cancellationToken).ConfigureAwait(false);
                var old = write is { Existing: { } e, Force: false } && _clients.CanCopy ? index.TrustedChunks(write.Path, e.Size, e.ETag) : null;
                var upload = await ReadAsSentAsync(() => RangeWriter.SendAsync(tempFile, write.Source, old, write.Progress, cancellationToken), write.Path)
                    .ConfigureAwait(false);
                // The Content-MD5 set at creation is the planned one: it may only stand over exactly those bytes.
                if (!upload.Md5.AsSpan().SequenceEqual(write.Source.Md5)) throw ChangedWhileSyncing(write.Path);
                if (write is { Existing: { } listed, Force: false })
                {
                    lease = await LeaseAsync(target, temp, write.Path, "not overwritten", cancellationToken).ConfigureAwait(false);
                    await CheckStillListedAsync(target, listed, "overwritten", cancellationToken).ConfigureAwait(false);
                    // Copying from the old file is safe only because nobody else can change it while we hold its lease.
                    if (upload.Copies.Count > 0)
                    {
                        var (source, authorization) = await _clients.CopySourceAsync(_clients.File(target), cancellationToken).ConfigureAwait(false);
                        await RangeWriter.CopyAsync(tempFile, source, authorization, upload.Copies, cancellationToken).ConfigureAwait(false);
                    }
                }
                var etag = await MoveIntoPlaceAsync(tempFile, target, write, lease?.LeaseId, cancellationToken).ConfigureAwait(false);
                lease = null; // went with the file it was on
                if (etag is not null) index.Set(write.Path, write.Source.Size, write.Source.Md5, etag, upload.Chunks);
                _present[write.Path] = true;
                _indexDirty = true;
                return new StoreWriteResult(upload.BytesSent);
            }
            catch
            {
                if (lease is not null) await FileLeases.ReleaseQuietlyAsync(lease).ConfigureAwait(false);
                await DeleteQuietlyAsync(tempFile).ConfigureAwait(false);
                throw;
            }
        }, $"'{write.Path}'").ConfigureAwait(false);
    }

    /// <summary>A source that shrank while it was read is the same news as one whose bytes changed.</summary>
    private static async Task<T> ReadAsSentAsync<T>(Func<Task<T>> send, string path)
    {
        try { return await send().ConfigureAwait(false); }
        catch (EndOfStreamException e) { throw ChangedWhileSyncing(path, e); }
    }

    private static StoreException ChangedWhileSyncing(string path, Exception? inner = null) =>
        new(StoreErrorKind.Failed, $"'{path}' changed while syncing (its bytes no longer match the MD5 taken when it was hashed); " +
            "nothing was written. Sync it again once it is finished.", inner: inner);

    /// <summary>
    /// Under our lease: the target must still be the version listed (ETag and size), or someone else wrote it
    /// between our listing and our lease, and their file stays.
    /// </summary>
    private async Task CheckStillListedAsync(string target, StoreEntry listed, string verb, CancellationToken ct)
    {
        var now = await PropertiesAsync(target, ct).ConfigureAwait(false);
        if (now is null || now.ETag.ToString("H") != listed.ETag || now.ContentLength != listed.Size)
            throw new StoreException(StoreErrorKind.Conflict, $"'{listed.Path}' changed at the destination after it was listed; not {verb}.");
    }

    /// <summary>
    /// Renames the temporary file over the target: a new file only if nothing took its name since the listing, a
    /// replacement under our lease on the target. A rename whose answer was lost is retried by the pipeline and
    /// then fails (its source is gone, the name is taken, the lease went with the old file): if the target now
    /// holds exactly our bytes, the first attempt landed and this is success; anything else is another writer's
    /// and stays a conflict.
    /// </summary>
    private async Task<string?> MoveIntoPlaceAsync(ShareFileClient temp, string target, StoreWrite write, string? leaseId, CancellationToken ct)
    {
        try
        {
            var renamed = await temp.RenameAsync(target, new ShareFileRenameOptions
            {
                ReplaceIfExists = write.Force || write.Existing is not null,
                IgnoreReadOnly = _options.IgnoreReadOnly,
                DestinationConditions = leaseId is null ? null : new ShareFileRequestConditions { LeaseId = leaseId },
            }, ct).ConfigureAwait(false);
            return renamed.GetRawResponse().Headers.ETag?.ToString("H") ?? (await PropertiesAsync(target, ct).ConfigureAwait(false))?.ETag.ToString("H");
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412 || e.ErrorCode == "ResourceAlreadyExists")
        {
            if (await PropertiesAsync(target, ct).ConfigureAwait(false) is { } now && write.Source.SameContentAs(now.ContentLength, now.ContentHash))
                return now.ETag.ToString("H");
            if (e.ErrorCode is "LeaseIdMissing" or "LeaseAlreadyPresent") throw;
            // Our temporary file is gone and the target is not ours: someone else wrote it meanwhile.
            throw new StoreException(StoreErrorKind.Conflict, write.Existing is null
                ? $"'{write.Path}' appeared at the destination after it was listed; not overwritten."
                : $"'{write.Path}' changed at the destination while it was being replaced; not overwritten.", inner: e);
        }
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await Call(async () => (await _clients.File(Full(path)).DownloadAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content,
                $"'{path}'").ConfigureAwait(false);
        }
        catch (StoreException e) when (e.InnerException is RequestFailedException { Status: 404 })
        {
            throw new StoreException(StoreErrorKind.Failed, $"'{path}' does not exist at the destination.");
        }
    }

    public async Task DeleteAsync(StoreEntry entry, bool force, CancellationToken cancellationToken)
    {
        var target = Full(entry.Path);
        await Call(async () =>
        {
            if (force) await DeleteFileAsync(target, entry.Path, null, cancellationToken).ConfigureAwait(false);
            else await DeleteListedAsync(target, entry, cancellationToken).ConfigureAwait(false);
        }, $"'{entry.Path}'").ConfigureAwait(false);
        (await _index.LoadAsync(cancellationToken).ConfigureAwait(false)).Remove(entry.Path);
        _present.TryRemove(entry.Path, out _);
        _indexDirty = true;
        var slash = entry.Path.LastIndexOf('/');
        if (slash > 0) _emptied.TryAdd(entry.Path[..slash], true);
    }

    /// <summary>The lease window of a delete: an empty marker (so a killed run's lease can be found), lease, check, delete.</summary>
    private async Task DeleteListedAsync(string target, StoreEntry listed, CancellationToken ct)
    {
        var markerPath = FileLeases.NewMarker(target);
        var marker = _clients.File(markerPath);
        ShareLeaseClient? lease = null;
        try
        {
            await marker.CreateAsync(0, cancellationToken: ct).ConfigureAwait(false);
            try
            {
                lease = await LeaseAsync(target, markerPath, listed.Path, "not deleted", ct).ConfigureAwait(false);
            }
            // Gone already: whoever removed it did what we meant to.
            catch (RequestFailedException e) when (e.Is(404)) { return; }
            await CheckStillListedAsync(target, listed, "deleted", ct).ConfigureAwait(false);
            await DeleteFileAsync(target, listed.Path, lease.LeaseId, ct).ConfigureAwait(false);
            lease = null;
        }
        finally
        {
            if (lease is not null) await FileLeases.ReleaseQuietlyAsync(lease).ConfigureAwait(false);
            await DeleteQuietlyAsync(marker).ConfigureAwait(false);
        }
    }

    /// <summary>A delete whose answer was lost finds the file gone on its retry: it happened, so 404 is success.</summary>
    private async Task DeleteFileAsync(string path, string shown, string? leaseId, CancellationToken ct)
    {
        try
        {
            await _clients.File(path).DeleteAsync(leaseId is null ? null : new ShareFileRequestConditions { LeaseId = leaseId }, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Is(404, "ResourceNotFound")) { }
        catch (RequestFailedException e) when (e.Is(412, "LeaseIdMissing")) { throw FileErrors.Leased($"'{shown}'", "not deleted", e); }
        catch (RequestFailedException e) when (e.Is(409, "ReadOnlyAttribute"))
        {
            throw new StoreException(StoreErrorKind.Failed,
                $"'{shown}' has the ReadOnly attribute at the destination; not deleted. azsync does not delete read-only files: clear the attribute first.", inner: e);
        }
    }

    private async Task<ShareLeaseClient> LeaseAsync(string target, string marker, string shown, string verb, CancellationToken ct)
    {
        try
        {
            return await _leases.AcquireAsync(target, marker, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Is(409, "LeaseAlreadyPresent"))
        {
            throw FileErrors.Leased($"'{shown}'", verb, e);
        }
    }

    public async Task CompleteAsync(bool allSucceeded, CancellationToken cancellationToken)
    {
        // Leftovers were there before this run wrote anything: a killed run's (or a concurrent run's, whose write
        // then fails its rename and is retried by that run), never ours.
        foreach (var leftover in _leases.Leftovers)
            await BestEffortAsync(() => _leases.ClearLeftoverAsync(leftover, cancellationToken), $"'{leftover}'",
                "the temporary file '{0}' of an interrupted run was left in place: {1}", cancellationToken).ConfigureAwait(false);
        foreach (var directory in _emptied.Keys.OrderByDescending(d => d.Length))
            await BestEffortAsync(() => RemoveIfEmptyAsync(directory, cancellationToken), $"'{directory}'",
                "the emptied folder '{0}' was left in place: {1}", cancellationToken).ConfigureAwait(false);
        if (!_indexDirty || _index.Loaded is not { } index) return;
        index.RetainOnly(_present.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
        await Call(async () =>
        {
            await EnsureDirectoryAsync(_destination.Directory, cancellationToken).ConfigureAwait(false);
            await _index.SaveAsync(index, cancellationToken).ConfigureAwait(false);
        }, "the index").ConfigureAwait(false);
    }

    /// <summary>
    /// Tidying after the run: every upload and delete already happened, so what cannot be tidied (a folder someone
    /// wrote into meanwhile, say) is a note, and the run still ends with its summary, report and index.
    /// </summary>
    private async Task BestEffortAsync(Func<Task> tidy, string what, string noteFormat, CancellationToken ct)
    {
        try
        {
            await Call(tidy, what).ConfigureAwait(false);
        }
        catch (StoreException e) when (!ct.IsCancellationRequested)
        {
            _options.Note?.Invoke(string.Format(System.Globalization.CultureInfo.InvariantCulture, noteFormat, what.Trim('\''), e.Message));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Full(string path) =>
        _destination.Directory.Length == 0 ? path : path.Length == 0 ? _destination.Directory : _destination.Directory + "/" + path;

    private static string Parent(string path) => path.Contains('/') ? path[..path.LastIndexOf('/')] : "";

    private static ShareFileHttpHeaders HttpHeaders(ContentHeaders headers, byte[] md5) => new()
    {
        ContentType = headers.ContentType,
        CacheControl = headers.CacheControl,
        ContentEncoding = headers.ContentEncoding is { } encoding ? [encoding] : null,
        ContentDisposition = headers.ContentDisposition,
        ContentHash = md5,
    };

    private async Task<ShareFileProperties?> PropertiesAsync(string path, CancellationToken ct)
    {
        try { return await _clients.File(path).GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false); }
        catch (RequestFailedException e) when (e.Is(404)) { return null; }
    }

    private static async Task DeleteQuietlyAsync(ShareFileClient file)
    {
        try { await file.DeleteAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false); }
        catch (RequestFailedException) { }
    }

    /// <summary>Creates a directory and its parents, each once per run, however many files go into it.</summary>
    private Task EnsureDirectoryAsync(string directory, CancellationToken ct)
    {
        if (directory.Length == 0) return Task.CompletedTask;
        return _directories.GetOrAdd(directory, d => new Lazy<Task>(() => CreateChainAsync(d, ct))).Value;
    }

    private async Task CreateChainAsync(string directory, CancellationToken ct)
    {
        var slash = directory.LastIndexOf('/');
        if (slash > 0) await EnsureDirectoryAsync(directory[..slash], ct).ConfigureAwait(false);
        await _clients.Directory(directory).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>Removes the folder and then each parent the removal empties; one already gone counts as removed.</summary>
    private async Task RemoveIfEmptyAsync(string relative, CancellationToken ct)
    {
        for (var dir = relative; dir.Length > 0; dir = Parent(dir))
        {
            var client = _clients.Directory(Full(dir));
            var empty = await Call(async () =>
            {
                try
                {
                    await foreach (var _ in client.GetFilesAndDirectoriesAsync(cancellationToken: ct).ConfigureAwait(false)) return false;
                    return true;
                }
                catch (RequestFailedException e) when (e.Is(404, "ResourceNotFound")) { return true; }
            }, $"'{dir}'").ConfigureAwait(false);
            if (!empty) return;
            await Call(async () =>
            {
                try { await client.DeleteAsync(ct).ConfigureAwait(false); }
                catch (RequestFailedException e) when (e.Is(404, "ResourceNotFound")) { }
            }, $"'{dir}'").ConfigureAwait(false);
            _directories.TryRemove(Full(dir), out _);
        }
    }

    private Task Call(Func<Task> action, string what) =>
        StoreCall.RunAsync(action, _destination.ShareUri, e => FileErrors.ToStoreException(e, what, _destination, _credential));

    private Task<T> Call<T>(Func<Task<T>> action, string what) =>
        StoreCall.RunAsync(action, _destination.ShareUri, e => FileErrors.ToStoreException(e, what, _destination, _credential));
}

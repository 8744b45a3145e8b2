using Azure;
using Azure.Storage.Files.Shares;
using Azure.Storage.Files.Shares.Models;
using Azure.Storage.Files.Shares.Specialized;
using AzSync.Core.Stores;

namespace AzSync.Azure.Files;

/// <summary>
/// Writes: a temporary file filled and renamed over the target, under the target's lease when it replaces a
/// listed file.
/// </summary>
internal partial class FileShareStore
{
    public async Task<StoreWriteResult> WriteAsync(StoreWrite write, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var target = Full(write.Path);
        var temp = FileLeases.NewMarker(target);
        var tempFile = _clients.File(temp);
        return await Call(async () =>
        {
            // A folder this run emptied would otherwise stand in the way of a file of its name until CompleteAsync.
            if (_emptied.ContainsKey(write.Path)) await RemoveIfEmptyAsync(write.Path, ct).ConfigureAwait(false);
            await EnsureDirectoryAsync(Parent(target), ct).ConfigureAwait(false);
            ShareLeaseClient? lease = null;
            try
            {
                var created = new ShareFileCreateOptions { HttpHeaders = HttpHeaders(write.Headers, write.Source.Md5) };
                await tempFile.CreateAsync(write.Source.Size, created, cancellationToken: ct).ConfigureAwait(false);
                var index = await _index.LoadAsync(ct).ConfigureAwait(false);
                var old = write is { Existing: { } e, Force: false } && _clients.CanCopy
                    ? index.TrustedChunks(write.Path, e.Size, e.ETag) : null;
                var upload = await SendAsync(tempFile, write, old, ct).ConfigureAwait(false);
                if (write is { Existing: { } listed, Force: false })
                {
                    lease = await LeaseListedAsync(target, temp, listed, ct).ConfigureAwait(false);
                    // Copying from the old file is safe only because nobody else can change it while we hold its lease.
                    if (upload.Copies.Count > 0)
                    {
                        var (source, authorization) =
                            await _clients.CopySourceAsync(_clients.File(target), ct).ConfigureAwait(false);
                        await RangeWriter.CopyAsync(tempFile, source, authorization, upload.Copies, ct)
                            .ConfigureAwait(false);
                    }
                }
                var (etag, moved) = await MoveIntoPlaceAsync(tempFile, target, write, lease?.LeaseId, ct)
                    .ConfigureAwait(false);
                if (!moved)
                {
                    // The target already held our bytes (a listing that missed it, a lost answer): what this attempt
                    // made is left over, and the next run would find the temporary file as an interrupted run's.
                    if (lease is not null) await FileLeases.ReleaseQuietlyAsync(lease).ConfigureAwait(false);
                    await DeleteQuietlyAsync(tempFile).ConfigureAwait(false);
                }
                lease = null; // went with the file it was on, or was just released
                if (etag is not null) index.Set(write.Path, write.Source.Size, write.Source.Md5, etag, upload.Chunks);
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

    /// <summary>
    /// Fills the temporary file; the Content-MD5 set at its creation is the planned one, and may only stand over
    /// exactly those bytes. A source that shrank while it was read is the same news as one whose bytes changed.
    /// </summary>
    private static async Task<RangeUpload> SendAsync(ShareFileClient temp, StoreWrite write, IReadOnlyList<byte[]>? old,
        CancellationToken ct)
    {
        RangeUpload upload;
        try
        {
            upload = await RangeWriter.SendAsync(temp, write.Source, old, write.Progress, ct).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw StoreException.ChangedWhileSyncing(write.Path, e);
        }
        return upload.Md5.AsSpan().SequenceEqual(write.Source.Md5) ? upload
            : throw StoreException.ChangedWhileSyncing(write.Path);
    }

    private async Task<ShareLeaseClient> LeaseListedAsync(string target, string temp, StoreEntry listed,
        CancellationToken ct)
    {
        try
        {
            return await LeaseAsync(target, temp, listed, "not overwritten", ct).ConfigureAwait(false);
        }
        // Removed since it was listed: someone else's doing, which a replacement must not undo.
        catch (RequestFailedException gone) when (gone.Is(404, "ResourceNotFound"))
        {
            throw new StoreException(StoreErrorKind.Conflict,
                $"'{listed.Path}' was removed at the destination after it was listed; not overwritten.", inner: gone);
        }
    }

    /// <summary>
    /// Renames the temporary file over the target: a new file only if nothing took its name since the listing, a
    /// replacement under our lease on the target. A rename whose answer was lost is retried by the pipeline and
    /// then fails (its source is gone, the name is taken, the lease went with the old file): if the target now
    /// holds exactly our bytes, the first attempt landed and this is success; anything else is another writer's
    /// and stays a conflict.
    /// </summary>
    /// <returns>The target's ETag, and whether this call's rename put it there (else it already held our bytes).
    /// </returns>
    private async Task<(string? ETag, bool Moved)> MoveIntoPlaceAsync(ShareFileClient temp, string target,
        StoreWrite write,
        string? leaseId, CancellationToken ct)
    {
        try
        {
            var renamed = await temp.RenameAsync(target, new ShareFileRenameOptions
            {
                ReplaceIfExists = write.Force || write.Existing is not null,
                IgnoreReadOnly = _options.IgnoreReadOnly,
                DestinationConditions = leaseId is null ? null : new ShareFileRequestConditions { LeaseId = leaseId },
            }, ct).ConfigureAwait(false);
            return (renamed.GetRawResponse().Headers.ETag?.ToString("H")
                    ?? (await PropertiesAsync(target, ct).ConfigureAwait(false))?.ETag.ToString("H"), true);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412 || e.ErrorCode == "ResourceAlreadyExists")
        {
            var now = await PropertiesAsync(target, ct).ConfigureAwait(false);
            if (now is not null && write.Source.SameContentAs(now.ContentLength, now.ContentHash))
                return (now.ETag.ToString("H"), false);
            if (e.ErrorCode is "LeaseIdMissing" or "LeaseAlreadyPresent") throw;
            // Our temporary file is gone and the target is not ours: someone else wrote it meanwhile.
            throw new StoreException(StoreErrorKind.Conflict, write.Existing is null
                ? $"'{write.Path}' appeared at the destination after it was listed; not overwritten."
                : $"'{write.Path}' changed at the destination while it was being replaced; not overwritten.", inner: e);
        }
    }

    private static ShareFileHttpHeaders HttpHeaders(ContentHeaders headers, byte[] md5) => new()
    {
        ContentType = headers.ContentType,
        CacheControl = headers.CacheControl,
        ContentEncoding = headers.ContentEncoding is { } encoding ? [encoding] : null,
        ContentDisposition = headers.ContentDisposition,
        ContentHash = md5,
    };
}

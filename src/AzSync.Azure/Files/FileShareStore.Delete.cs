using Azure;
using Azure.Storage.Files.Shares.Models;
using Azure.Storage.Files.Shares.Specialized;
using AzSync.Core.Stores;

namespace AzSync.Azure.Files;

/// <summary>Deletes: a listed file goes under its lease, after the same check a replacement makes.</summary>
internal partial class FileShareStore
{
    public async Task DeleteAsync(StoreEntry entry, bool force, CancellationToken cancellationToken)
    {
        var target = Full(entry.Path);
        await Call(async () =>
        {
            if (force) await DeleteFileAsync(target, entry.Path, null, cancellationToken).ConfigureAwait(false);
            else await DeleteListedAsync(target, entry, cancellationToken).ConfigureAwait(false);
        }, $"'{entry.Path}'").ConfigureAwait(false);
        (await _index.LoadAsync(cancellationToken).ConfigureAwait(false)).Remove(entry.Path);
        _indexDirty = true;
        var slash = entry.Path.LastIndexOf('/');
        if (slash > 0) _emptied.TryAdd(entry.Path[..slash], true);
    }

    /// <summary>
    /// The lease window of a delete: an empty marker (so a killed run's lease can be found), lease, check, delete.
    /// </summary>
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
                lease = await LeaseAsync(target, markerPath, listed, "not deleted", ct).ConfigureAwait(false);
            }
            // Gone already: whoever removed it did what we meant to.
            catch (RequestFailedException e) when (e.Is(404)) { return; }
            await DeleteFileAsync(target, listed.Path, lease.LeaseId, ct).ConfigureAwait(false);
            lease = null;
        }
        finally
        {
            if (lease is not null) await FileLeases.ReleaseQuietlyAsync(lease).ConfigureAwait(false);
            await DeleteQuietlyAsync(marker).ConfigureAwait(false);
        }
    }

    /// <summary>A delete whose answer was lost finds the file gone on its retry: it happened; 404 is success.</summary>
    private async Task DeleteFileAsync(string path, string shown, string? leaseId, CancellationToken ct)
    {
        try
        {
            var conditions = leaseId is null ? null : new ShareFileRequestConditions { LeaseId = leaseId };
            await _clients.File(path).DeleteAsync(conditions, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Is(404, "ResourceNotFound")) { }
        catch (RequestFailedException e) when (e.Is(412, "LeaseIdMissing"))
        {
            throw FileErrors.Leased($"'{shown}'", "not deleted", e);
        }
        catch (RequestFailedException e) when (e.Is(409, "ReadOnlyAttribute"))
        {
            throw new StoreException(StoreErrorKind.Failed, $"'{shown}' has the ReadOnly attribute at the " +
                "destination; not deleted. azsync does not delete read-only files: clear the attribute first.",
                inner: e);
        }
    }

    /// <summary>
    /// Leases a listed file to replace or delete it. Under the lease it must still be the version listed, or
    /// someone else wrote it between our listing and our lease, and their file stays: the lease answer carries the
    /// file's ETag, which every write changes.
    /// </summary>
    private async Task<ShareLeaseClient> LeaseAsync(string target, string marker, StoreEntry listed, string verb,
        CancellationToken ct)
    {
        (ShareLeaseClient Lease, ETag ETag) held;
        try
        {
            held = await _leases.AcquireAsync(target, marker, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Is(409, "LeaseAlreadyPresent"))
        {
            throw FileErrors.Leased($"'{listed.Path}'", verb, e);
        }
        if (held.ETag.ToString("H") == listed.ETag) return held.Lease;
        await FileLeases.ReleaseQuietlyAsync(held.Lease).ConfigureAwait(false);
        throw new StoreException(StoreErrorKind.Conflict,
            $"'{listed.Path}' changed at the destination after it was listed; {verb}.");
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;

namespace AzSync.Azure.Files;

/// <summary>
/// An Azure Files share (and directory) as a destination. Listings carry no MD5, so the store keeps an index
/// beside the data (<see cref="FileShareIndex"/>), trusted per file only while the ETag matches. Every write goes
/// to a temporary name in the target directory and is renamed over the target, so SMB readers never see half a
/// file; temporary files left by a killed run are removed by the next run.
/// </summary>
public sealed class FileShareStore : IStore
{
    public const int MaxRange = 4 << 20;
    private const string TempPrefix = ".azsync-tmp-";
    /// <summary>
    /// Directories listed at once, and property reads in flight across them: enough to hide the round trips to a
    /// distant account, far below the request rates at which the service starts to throttle.
    /// </summary>
    private const int ListingParallelism = 16;
    private readonly SemaphoreSlim _propertyReads = new(ListingParallelism);
    private readonly FileShareRestClient _client;
    private readonly FileShareDestination _destination;
    private readonly StorageCredential _credential;
    private readonly FileNameRules _names = new();
    private readonly RangeWriter _ranges;
    // Lazy: GetOrAdd may run its factory twice under a race, and a second Create Directory would still be sent.
    private readonly ConcurrentDictionary<string, Lazy<Task>> _directories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _present = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<string> _leftovers = [];
    private readonly ConcurrentDictionary<string, bool> _emptied = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _indexGate = new();
    private Task<FileShareIndex>? _indexLoad;
    private bool _indexDirty;

    private FileShareStore(FileShareDestination destination, StorageCredential credential, StorageClientOptions options)
    {
        _destination = destination;
        _credential = credential;
        options.ExtraHeaders["x-ms-allow-trailing-dot"] = "true";
        // Azure Files takes Entra ID tokens over REST only as backup-semantics requests.
        if (credential is StorageCredential.Token) options.ExtraHeaders["x-ms-file-request-intent"] = "backup";
        _client = new FileShareRestClient(options.Build(credential), destination.ShareUri);
        _ranges = new RangeWriter(_client, new CopySourceAuthorization(credential, destination, options.ServiceVersion));
    }

    public static FileShareStore Open(FileShareDestination destination, StorageCredential credential, StorageClientOptions? options = null) =>
        new(destination, credential, options ?? new StorageClientOptions());

    public string DisplayName => _destination.Display;

    public StoreFeatures Features { get; } = new(ListsContentMd5: true, WritesRanges: true, ConditionalWrites: true, CaseInsensitiveNames: true);

    public async Task PrepareAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        if (await Call(() => _client.ShareExistsAsync(cancellationToken), "the share").ConfigureAwait(false)) return;
        if (!createIfMissing)
            throw new StoreException(StoreErrorKind.DestinationNotFound,
                $"Share '{_destination.Share}' does not exist. Create it, or pass --create-container" +
                (_credential is StorageCredential.Token ? " (creating a share with a token needs a role on the storage account; a key or SAS may be simpler)." : "."));
        await Call(() => _client.CreateShareAsync(cancellationToken), "the share").ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StoreEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = await IndexAsync(cancellationToken).ConfigureAwait(false);
        var start = prefix.Contains('/') ? prefix[..prefix.LastIndexOf('/')] : "";
        await foreach (var entry in DirectoryWalk<StoreEntry>.RunAsync(start, (directory, walk, ct) => ListDirectoryAsync(directory, prefix, index, walk, ct),
                           ListingParallelism, cancellationToken).ConfigureAwait(false))
            yield return entry;
    }

    private async Task ListDirectoryAsync(string relativeDir, string prefix, FileShareIndex index, DirectoryWalk<StoreEntry> walk, CancellationToken ct)
    {
        string? marker = null;
        do
        {
            var page = await Call(() => _client.ListAsync(Full(relativeDir), marker, ct), $"'{relativeDir}'").ConfigureAwait(false);
            if (page is null) return;
            _directories.TryAdd(Full(relativeDir), new Lazy<Task>(Task.CompletedTask));
            var unvouched = new List<(string Path, FileShareItem Item)>();
            foreach (var item in page.Items)
            {
                var path = relativeDir.Length == 0 ? item.Name : relativeDir + "/" + item.Name;
                if (item.IsDirectory)
                {
                    if ((path + "/").StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(path + "/", StringComparison.Ordinal)) walk.Descend(path);
                    continue;
                }
                if (item.Name.StartsWith(TempPrefix, StringComparison.Ordinal)) { _leftovers.Add(path); continue; }
                if (path == FileShareIndex.FileName || !path.StartsWith(prefix, StringComparison.Ordinal)) continue;
                _present[path] = true;
                if (index.TrustedMd5(path, item.Size, item.ETag) is { } md5) walk.Found(new StoreEntry(path, item.Size, md5, item.ETag));
                else unvouched.Add((path, item));
            }
            // The index cannot vouch for files another tool wrote or changed: their MD5 costs a request each, so
            // those go out together rather than one round trip after another.
            await Parallel.ForEachAsync(unvouched, new ParallelOptions { MaxDegreeOfParallelism = ListingParallelism, CancellationToken = ct }, async (u, token) =>
            {
                await _propertyReads.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    var properties = await Call(() => _client.GetPropertiesAsync(Full(u.Path), token), $"'{u.Path}'").ConfigureAwait(false);
                    walk.Found(new StoreEntry(u.Path, u.Item.Size, properties?.Md5, u.Item.ETag));
                }
                finally
                {
                    _propertyReads.Release();
                }
            }).ConfigureAwait(false);
            marker = page.NextMarker;
        } while (marker is not null);
    }

    public string? CheckName(string path) => _names.Check(Full(path));

    public async Task<StoreWriteResult> WriteAsync(StoreWrite write, CancellationToken cancellationToken)
    {
        var target = Full(write.Path);
        var slash = target.LastIndexOf('/');
        var directory = slash < 0 ? "" : target[..slash];
        var temp = (directory.Length == 0 ? "" : directory + "/") + TempPrefix + Guid.NewGuid().ToString("N")[..12];
        return await Call(async () =>
        {
            // A folder this run emptied would otherwise stand in the way of a file of its name until CompleteAsync.
            if (_emptied.ContainsKey(write.Path)) await RemoveIfEmptyAsync(write.Path, cancellationToken).ConfigureAwait(false);
            await EnsureDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
            try
            {
                await _client.CreateFileAsync(temp, write.Source.Size, write.Headers, write.Source.Md5, cancellationToken).ConfigureAwait(false);
                // Copying from the old file is safe only because the rename below is conditional on its ETag.
                var previous = write is { Existing: { } e, Force: false } && (await IndexAsync(cancellationToken).ConfigureAwait(false)).TrustedChunks(write.Path, e.Size, e.ETag) is { } old
                    ? (target, old) : ((string, IReadOnlyList<byte[]>)?)null;
                var written = await _ranges.WriteAsync(temp, write.Source, previous, write.Progress, cancellationToken).ConfigureAwait(false);
                var etag = await MoveIntoPlaceAsync(temp, target, write, cancellationToken).ConfigureAwait(false);
                if (etag is not null) (await IndexAsync(cancellationToken).ConfigureAwait(false)).Set(write.Path, write.Source.Size, write.Source.Md5, etag, written.Chunks);
                _present[write.Path] = true;
                _indexDirty = true;
                return new StoreWriteResult(written.BytesSent);
            }
            catch
            {
                try { await _client.DeleteFileAsync(temp, null, CancellationToken.None).ConfigureAwait(false); } catch (RequestFailedException) { }
                throw;
            }
        }, $"'{write.Path}'").ConfigureAwait(false);
    }

    /// <summary>
    /// Renames the temporary file over the target: a new file only if nothing took its name since the listing, a
    /// replacement only over the version listed (so a new file costs no separate existence check). A rename whose
    /// answer was lost is retried by the pipeline and then fails (its source is gone, the name is taken, or the
    /// target's ETag moved): if the target now holds exactly our bytes, the first attempt landed and this is success;
    /// anything else is another writer's and stays a conflict.
    /// </summary>
    private async Task<string?> MoveIntoPlaceAsync(string temp, string target, StoreWrite write, CancellationToken ct)
    {
        try
        {
            var replace = write.Force || write.Existing is not null;
            return await _client.RenameAsync(temp, target, replace, write.Force ? null : write.Existing?.ETag, ct).ConfigureAwait(false)
                   ?? (await _client.GetPropertiesAsync(target, ct).ConfigureAwait(false))?.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412 || e.ErrorCode == "ResourceAlreadyExists")
        {
            if (await _client.GetPropertiesAsync(target, ct).ConfigureAwait(false) is { } now && write.Source.SameContentAs(now.Size, now.Md5))
                return now.ETag;
            // Our temporary file is gone and the target is not ours: someone else wrote it meanwhile.
            throw new StoreException(StoreErrorKind.Conflict, write.Existing is null
                ? $"'{write.Path}' appeared at the destination after it was listed; not overwritten."
                : $"'{write.Path}' changed at the destination while it was being replaced; not overwritten.", inner: e);
        }
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        await Call(() => _client.DownloadAsync(Full(path), cancellationToken), $"'{path}'").ConfigureAwait(false)
        ?? throw new StoreException(StoreErrorKind.Failed, $"'{path}' does not exist at the destination.");

    public async Task DeleteAsync(StoreEntry entry, bool force, CancellationToken cancellationToken)
    {
        await Call(() => _client.DeleteFileAsync(Full(entry.Path), force ? null : entry.ETag, cancellationToken),
            $"'{entry.Path}'").ConfigureAwait(false);
        (await IndexAsync(cancellationToken).ConfigureAwait(false)).Remove(entry.Path);
        _present.TryRemove(entry.Path, out _);
        _indexDirty = true;
        var slash = entry.Path.LastIndexOf('/');
        if (slash > 0) _emptied.TryAdd(entry.Path[..slash], true);
    }

    public async Task CompleteAsync(bool allSucceeded, CancellationToken cancellationToken)
    {
        // Leftovers were there before this run wrote anything: a killed run's, never ours.
        foreach (var leftover in _leftovers)
            await Call(() => _client.DeleteFileAsync(Full(leftover), null, cancellationToken), $"'{leftover}'").ConfigureAwait(false);
        foreach (var directory in _emptied.Keys.OrderByDescending(d => d.Length))
            await RemoveIfEmptyAsync(directory, cancellationToken).ConfigureAwait(false);
        if (!_indexDirty || _indexLoad is not { IsCompletedSuccessfully: true }) return;
        var index = _indexLoad.Result;
        index.RetainOnly(_present.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
        var stored = index.Serialize();
        await Call(async () =>
        {
            await EnsureDirectoryAsync(_destination.Directory, cancellationToken).ConfigureAwait(false);
            await _client.UploadAsync(Full(FileShareIndex.FileName), stored, new ContentHeaders("application/json", ContentEncoding: "gzip"),
                MD5.HashData(stored), cancellationToken).ConfigureAwait(false);
        }, "the index").ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Full(string path) =>
        _destination.Directory.Length == 0 ? path : path.Length == 0 ? _destination.Directory : _destination.Directory + "/" + path;

    /// <summary>Read once, however many listings and writes ask for it at the same time.</summary>
    private Task<FileShareIndex> IndexAsync(CancellationToken ct)
    {
        lock (_indexGate) return _indexLoad ??= LoadIndexAsync(ct);
    }

    private async Task<FileShareIndex> LoadIndexAsync(CancellationToken ct)
    {
        var stream = await Call(() => _client.DownloadAsync(Full(FileShareIndex.FileName), ct), "the index").ConfigureAwait(false);
        if (stream is null) return FileShareIndex.Empty();
        await using (stream)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            return FileShareIndex.Parse(buffer.ToArray());
        }
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
        await _client.CreateDirectoryAsync(directory, ct).ConfigureAwait(false);
    }

    private async Task RemoveIfEmptyAsync(string relative, CancellationToken ct)
    {
        for (var dir = relative; dir.Length > 0; dir = dir.Contains('/') ? dir[..dir.LastIndexOf('/')] : "")
        {
            var page = await Call(() => _client.ListAsync(Full(dir), null, ct), $"'{dir}'").ConfigureAwait(false);
            if (page is null || page.Items.Count > 0) return;
            await Call(() => _client.DeleteDirectoryAsync(Full(dir), ct), $"'{dir}'").ConfigureAwait(false);
            _directories.TryRemove(Full(dir), out _);
        }
    }

    private Task Call(Func<Task> action, string what) =>
        StoreCall.RunAsync(action, _destination.ShareUri, e => FileErrors.ToStoreException(e, what, _destination, _credential));

    private Task<T> Call<T>(Func<Task<T>> action, string what) =>
        StoreCall.RunAsync(action, _destination.ShareUri, e => FileErrors.ToStoreException(e, what, _destination, _credential));
}

internal static class FileErrors
{
    public static StoreException ToStoreException(RequestFailedException e, string what, FileShareDestination destination, StorageCredential credential) =>
        (e.Status, e.ErrorCode) switch
        {
            (412, _) or (409, "ResourceAlreadyExists") => new StoreException(StoreErrorKind.Conflict, $"{what} changed at the destination after it was listed; not overwritten."),
            (404, "ParentNotFound") => new StoreException(StoreErrorKind.Failed,
                $"A folder on the way to {what} is a file at the destination where the source has a folder (or was removed meanwhile); run with --delete to replace such a file."),
            (404, "ShareNotFound") => new StoreException(StoreErrorKind.DestinationNotFound, $"Share '{destination.Share}' does not exist. Create it, or pass --create-container."),
            (403, "AuthorizationPermissionMismatch") when credential is StorageCredential.Token t => new StoreException(StoreErrorKind.Unauthorized,
                $"Access to {what} was denied ({e.ErrorCode}) for {(t.Identity is null ? "the identity in use" : $"'{t.Identity}'")}. Azure Files accepts tokens only with backup semantics: grant the 'Storage File Data Privileged Contributor' role (Reader for a dry run), which carries the Microsoft.Storage/storageAccounts/fileServices/readFileBackupSemantics and writeFileBackupSemantics data actions."),
            (409, "FileOAuthManagementApiRestrictedToSrp") => new StoreException(StoreErrorKind.Unauthorized,
                $"The service refused a share operation with a token ({e.ErrorCode}): create the share with a key or SAS, or in the portal."),
            (401 or 403, _) => new StoreException(StoreErrorKind.Unauthorized,
                $"Access to {what} was denied ({e.ErrorCode}) with {credential}. Check the key, SAS (a sync needs read, create, write, delete and list) or role."),
            (0 or 408 or 429 or >= 500, _) => new StoreException(StoreErrorKind.Failed, Redaction.RedactUri(e.Message), isTransient: true),
            _ => new StoreException(StoreErrorKind.Failed, Redaction.RedactUri(e.Message)),
        };
}

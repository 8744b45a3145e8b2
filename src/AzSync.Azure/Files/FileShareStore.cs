using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Storage.Files.Shares;
using Azure.Storage.Files.Shares.Models;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;

namespace AzSync.Azure.Files;

internal sealed record FileShareStoreOptions
{
    /// <summary>The SDK's options; the store adds the token intent and trailing-dot settings Files needs.</summary>
    public ShareClientOptions Client { get; init; } = FileShareClients.DefaultOptions();
    /// <summary>Replace files with the ReadOnly attribute (rename with ignore-readonly) instead of refusing.</summary>
    public bool IgnoreReadOnly { get; init; }
    /// <summary>Gets what the user should know that is no failure (a cleared leftover lease, a folder kept).</summary>
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
internal partial class FileShareStore : IStore
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
    private readonly ConcurrentDictionary<string, bool> _emptied = new(StringComparer.OrdinalIgnoreCase);
    private readonly FileIndexFile _index;
    private bool _indexDirty;

    private FileShareStore(FileShareDestination destination, StorageCredential credential,
        FileShareStoreOptions options)
    {
        _destination = destination;
        _credential = credential;
        _options = options;
        _clients = new FileShareClients(destination, credential, options.Client);
        _leases = new FileLeases(_clients, destination.Share, options.Note);
        _index = new FileIndexFile(_clients, Full(FileShareIndex.FileName), options.Note);
    }

    public static FileShareStore Open(FileShareDestination destination, StorageCredential credential,
        FileShareStoreOptions? options = null) =>
        new(destination, credential, options ?? new FileShareStoreOptions());

    public string DisplayName => _destination.Display;

    public StoreFeatures Features { get; } = new(CaseInsensitiveNames: true);

    public async Task PrepareAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        // The index is read alongside the share check, not after it: a round trip less before the listing.
        // A missing share reads as an empty index, which is what a share created now holds.
        _ = _index.LoadAsync(cancellationToken);
        if (await Call(() => ShareExistsAsync(cancellationToken), "the share").ConfigureAwait(false)) return;
        if (!createIfMissing)
            throw new StoreException(StoreErrorKind.DestinationNotFound,
                $"Share '{_destination.Share}' does not exist. Create it, or pass --create-container" +
                (_credential is StorageCredential.Token
                    ? " (creating a share with a token needs a role on the storage account; a key or SAS may be " +
                      "simpler)."
                    : "."));
        await Call(() => _clients.Share.CreateIfNotExistsAsync(cancellationToken: cancellationToken), "the share")
            .ConfigureAwait(false);
    }

    /// <summary>
    /// A one-item listing of the root, not Get Share Properties: it works with a share SAS, a key or a token alike.
    /// </summary>
    private async Task<bool> ShareExistsAsync(CancellationToken ct)
    {
        try
        {
            var root = _clients.Share.GetRootDirectoryClient().GetFilesAndDirectoriesAsync(cancellationToken: ct);
            await foreach (var _ in root.AsPages(pageSizeHint: 1).ConfigureAwait(false)) break;
            return true;
        }
        catch (RequestFailedException e) when (e.Is(404)) { return false; }
    }

    public string? CheckName(string path) => _names.Check(Full(path));

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var file = _clients.File(Full(path));
            var download = await Call(() => file.DownloadAsync(cancellationToken: cancellationToken), $"'{path}'")
                .ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (StoreException e) when (e.InnerException is RequestFailedException { Status: 404 })
        {
            throw new StoreException(StoreErrorKind.Failed, $"'{path}' does not exist at the destination.");
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        // Leftovers were there before this run wrote anything: a killed run's (or a concurrent run's, whose write
        // then fails its rename and is retried by that run), never ours.
        foreach (var leftover in _leases.Leftovers)
            await BestEffortAsync(() => _leases.ClearLeftoverAsync(leftover, cancellationToken), leftover,
                "the temporary file '{0}' of an interrupted run was left in place: {1}", cancellationToken)
                .ConfigureAwait(false);
        foreach (var directory in _emptied.Keys.OrderByDescending(d => d.Length))
            await BestEffortAsync(() => RemoveIfEmptyAsync(directory, cancellationToken), directory,
                "the emptied folder '{0}' was left in place: {1}", cancellationToken).ConfigureAwait(false);
        if (!_indexDirty || _index.Loaded is not { } index) return;
        index.RetainPresent();
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
    private async Task BestEffortAsync(Func<Task> tidy, string path, string noteFormat, CancellationToken ct)
    {
        try
        {
            await Call(tidy, $"'{path}'").ConfigureAwait(false);
        }
        catch (StoreException e) when (!ct.IsCancellationRequested)
        {
            _options.Note?.Invoke(string.Format(CultureInfo.InvariantCulture, noteFormat, path, e.Message));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Full(string path) =>
        _destination.Directory.Length == 0 ? path
        : path.Length == 0 ? _destination.Directory
        : _destination.Directory + "/" + path;

    private static string Parent(string path) => path.Contains('/') ? path[..path.LastIndexOf('/')] : "";

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

    private Task Call(Func<Task> action, string what) =>
        StoreCall.RunAsync(action, _destination.ShareUri,
            e => FileErrors.ToStoreException(e, what, _destination, _credential));

    private Task<T> Call<T>(Func<Task<T>> action, string what) =>
        StoreCall.RunAsync(action, _destination.ShareUri,
            e => FileErrors.ToStoreException(e, what, _destination, _credential));
}

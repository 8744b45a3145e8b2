using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Core.Pipeline;
using AzSync.Azure.Rest;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;

namespace AzSync.Azure.Blobs;

public sealed record BlobStoreOptions
{
    /// <summary>Files up to this size go up in one Put Blob; larger ones as content-defined blocks.</summary>
    public long PutBlobThreshold { get; init; } = 8 << 20;
    public int MaxParallelBlocks { get; init; } = 4;
    public int PageSize { get; init; } = 5000;
    public StorageClientOptions Client { get; init; } = new();
}

/// <summary>
/// A Blob container (and prefix) as a destination. Listing carries each blob's Content-MD5, so deciding what
/// changed costs one request per 5,000 blobs. Large files go up as blocks named after their content-defined
/// chunks' hashes, so a changed file only sends the chunks the committed blob does not already have.
/// </summary>
public sealed class BlobStore : IStore
{
    private readonly BlobRestClient _client;
    private readonly BlobDestination _destination;
    private readonly StorageCredential _credential;
    private readonly BlobStoreOptions _options;

    private BlobStore(BlobDestination destination, StorageCredential credential, BlobStoreOptions options)
    {
        _destination = destination;
        _credential = credential;
        _options = options;
        _client = new BlobRestClient(options.Client.Build(credential), destination.ContainerUri);
    }

    public static BlobStore Open(BlobDestination destination, StorageCredential credential, BlobStoreOptions? options = null) =>
        new(destination, credential, options ?? new BlobStoreOptions());

    public string DisplayName => _destination.Display;

    public StoreFeatures Features { get; } = new(ListsContentMd5: true, ReusesBlocks: true, ConditionalWrites: true);

    public async Task PrepareAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        var exists = await Call(() => _client.ContainerExistsAsync(cancellationToken), "the container").ConfigureAwait(false);
        if (exists) return;
        if (!createIfMissing)
            throw new StoreException(StoreErrorKind.DestinationNotFound,
                $"Container '{_destination.Container}' does not exist at {_destination.ServiceUri}. Create it, or pass --create-container.");
        await Call(() => _client.CreateContainerAsync(cancellationToken), "the container").ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StoreEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var root = _destination.Prefix.Length > 0 ? _destination.Prefix + "/" : "";
        string? marker = null;
        do
        {
            var page = await Call(() => _client.ListBlobsAsync(root + prefix, marker, _options.PageSize, cancellationToken), "the container").ConfigureAwait(false);
            foreach (var item in page.Items)
                yield return new StoreEntry(item.Name[root.Length..], item.Size, item.ContentMd5, item.ETag, item.Headers);
            marker = page.NextMarker;
        } while (marker is not null);
    }

    public string? CheckName(string path)
    {
        var name = FullName(path);
        if (name.Length > 1024) return $"the blob name is {name.Length} characters long; Azure allows 1,024";
        var segments = name.Split('/');
        if (segments.Length > 254) return "the blob name has more than 254 path segments";
        if (segments.Any(s => s.Length == 0)) return "the blob name has an empty path segment";
        if (name.Any(char.IsControl)) return "the blob name contains a control character";
        return null;
    }

    public async Task<StoreWriteResult> WriteAsync(StoreWrite write, CancellationToken cancellationToken)
    {
        var conditions = write.Force ? BlobConditions.None
            : write.Existing is null ? new BlobConditions(IfNoneMatchAny: true) : new BlobConditions(write.Existing.ETag);
        var name = FullName(write.Path);
        return await Call(async () =>
        {
            if (write.Source.Size <= _options.PutBlobThreshold)
            {
                await using var file = OpenSource(write.Source);
                await CommitAsync(() => _client.PutBlobAsync(name, file, write.Source.Size, write.Headers, write.Source.Md5, conditions, cancellationToken),
                    name, write.Source, cancellationToken).ConfigureAwait(false);
                write.Progress?.Report(write.Source.Size);
                return new StoreWriteResult(write.Source.Size);
            }
            return await WriteBlocksAsync(name, write, conditions, cancellationToken).ConfigureAwait(false);
        }, $"'{write.Path}'").ConfigureAwait(false);
    }

    private async Task<StoreWriteResult> WriteBlocksAsync(string name, StoreWrite write, BlobConditions conditions, CancellationToken ct)
    {
        List<Chunk> chunks;
        await using (var file = OpenSource(write.Source))
            chunks = ContentDefinedChunker.ForFileSize(write.Source.Size).Split(file);
        var committed = write.Existing is null ? [] :
            (await _client.GetCommittedBlocksAsync(name, ct).ConfigureAwait(false)).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        // Counted across both attempts below: what travelled, whatever the outcome of the first.
        var sent = new StrongBox<long>();
        try
        {
            await StageAndCommitAsync(name, write, chunks, committed, conditions, sent, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "InvalidBlockList" && committed.Count > 0)
        {
            // Only reachable without a precondition (--force): someone replaced the blob after its block list was read,
            // so the blocks meant for reuse are gone. Send them all instead of failing a forced write.
            await StageAndCommitAsync(name, write, chunks, [], conditions, sent, ct).ConfigureAwait(false);
        }
        return new StoreWriteResult(sent.Value);
    }

    private async Task StageAndCommitAsync(string name, StoreWrite write, List<Chunk> chunks, HashSet<string> committed,
        BlobConditions conditions, StrongBox<long> sent, CancellationToken ct)
    {
        var ids = chunks.Select(c => BlockId(c.Hash)).ToList();
        var missing = chunks.Select((c, i) => (Chunk: c, Id: ids[i])).Where(x => !committed.Contains(x.Id))
            .DistinctBy(x => x.Id).ToList();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelBlocks, CancellationToken = ct },
            async (block, token) =>
            {
                var data = new byte[block.Chunk.Length];
                await using (var file = OpenSource(write.Source))
                {
                    file.Position = block.Chunk.Offset;
                    await file.ReadExactlyAsync(data, token).ConfigureAwait(false);
                }
                // The block ID promises these bytes; a file edited since it was chunked must fail, not mislabel a block.
                if (!SHA256.HashData(data).AsSpan().SequenceEqual(block.Chunk.Hash))
                    throw new StoreException(StoreErrorKind.Failed, $"'{write.Source.FullPath}' changed while it was being synced; re-run to pick up the new content.");
                await _client.PutBlockAsync(name, block.Id, data, MD5.HashData(data), token).ConfigureAwait(false);
                var total = Interlocked.Add(ref sent.Value, data.Length); // not inside ?.: a null Progress would skip the add
                write.Progress?.Report(total);
            }).ConfigureAwait(false);

        // Reused blocks are named as Committed, new ones as Latest; a block ID repeated in the file is listed
        // each time it occurs, always in the same element kind, as the service requires.
        await CommitAsync(() => _client.PutBlockListAsync(name, ids.Select(id => (id, committed.Contains(id))), write.Headers, write.Source.Md5, conditions, ct),
            name, write.Source, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A conditional write whose response was lost is retried by the pipeline and then fails its own precondition
    /// (409 or 412): the first attempt landed. If the blob now holds exactly our bytes, that is success, not a
    /// conflict; anything else is someone else's write and stays a conflict.
    /// </summary>
    private async Task CommitAsync(Func<Task> commit, string name, LocalFile source, CancellationToken ct)
    {
        try
        {
            await commit().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            if (!await HoldsAsync(name, source, ct).ConfigureAwait(false)) throw;
        }
    }

    private async Task<bool> HoldsAsync(string name, LocalFile source, CancellationToken ct) =>
        await _client.GetPropertiesAsync(name, ct).ConfigureAwait(false) is { } p && source.SameContentAs(p.Size, p.Md5);

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        await Call(() => _client.DownloadAsync(FullName(path), cancellationToken), $"'{path}'").ConfigureAwait(false);

    public Task DeleteAsync(StoreEntry entry, bool force, CancellationToken cancellationToken) =>
        Call(() => _client.DeleteBlobAsync(FullName(entry.Path), force ? null : entry.ETag, cancellationToken), $"'{entry.Path}'");

    public Task CompleteAsync(bool allSucceeded, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string FullName(string path) => _destination.Prefix.Length > 0 ? _destination.Prefix + "/" + path : path;

    /// <summary>"azs1" and the chunk's SHA-256: every ID of every blob has the same length, as Put Block List needs.</summary>
    internal static string BlockId(byte[] sha256) => Convert.ToBase64String([.. "azs1"u8, .. sha256.AsSpan(0, 28)]);

    private static FileStream OpenSource(LocalFile source) =>
        new(source.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);

    private Task Call(Func<Task> action, string what) =>
        StoreCall.RunAsync(action, _destination.ServiceUri, e => BlobErrors.ToStoreException(e, what, _destination, _credential));

    private Task<T> Call<T>(Func<Task<T>> action, string what) =>
        StoreCall.RunAsync(action, _destination.ServiceUri, e => BlobErrors.ToStoreException(e, what, _destination, _credential));
}

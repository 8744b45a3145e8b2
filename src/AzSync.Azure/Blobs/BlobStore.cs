using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using AzSync.Azure.Rest;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;

namespace AzSync.Azure.Blobs;

internal sealed record BlobStoreOptions
{
    /// <summary>Files up to this size go up in one Put Blob; larger ones as content-defined blocks.</summary>
    public long PutBlobThreshold { get; init; } = 8 << 20;
    /// <summary>Put Blob reads files up to this size into memory first; larger ones stream (PutBlobAsync).</summary>
    public long BufferThreshold { get; init; } = 1 << 20;
    public int MaxParallelBlocks { get; init; } = 4;
    public int PageSize { get; init; } = 5000;
    /// <summary>Null for <see cref="SdkClientOptions.ForBlobs"/>, made with the client on its first use.</summary>
    public BlobClientOptions? Client { get; init; }
}

/// <summary>
/// A Blob container (and prefix) as a destination, through the official SDK. Listing carries each blob's
/// Content-MD5, so deciding what changed costs one request per 5,000 blobs. Large files go up as blocks named after
/// their content-defined chunks' hashes, so a changed file only sends the chunks the committed blob lacks.
/// </summary>
internal sealed partial class BlobStore : IStore
{
    /// <summary>
    /// Made on first use (PrepareAsync, which a run calls beside the walk and the hashing), not by Open: loading and
    /// compiling the SDK's client and pipeline would otherwise hold up the walk on the main thread.
    /// </summary>
    private readonly Lazy<BlobContainerClient> _client;
    private readonly BlobDestination _destination;
    private readonly StorageCredential _credential;
    private readonly BlobStoreOptions _options;

    private BlobStore(BlobDestination destination, StorageCredential credential, BlobStoreOptions options)
    {
        _destination = destination;
        _credential = credential;
        _options = options;
        _client = new Lazy<BlobContainerClient>(() =>
        {
            var uri = destination.ContainerUri;
            var o = options.Client ?? SdkClientOptions.ForBlobs();
            return SdkClientOptions.Create(credential, k => new BlobContainerClient(uri, k, o),
                s => new BlobContainerClient(uri, s, o), t => new BlobContainerClient(uri, t, o),
                () => new BlobContainerClient(uri, o));
        });
    }

    private BlobContainerClient Container => _client.Value;

    public static BlobStore Open(BlobDestination destination, StorageCredential credential,
        BlobStoreOptions? options = null) =>
        new(destination, credential, options ?? new BlobStoreOptions());

    public string DisplayName => _destination.Display;

    public StoreFeatures Features { get; } = StoreFeatures.Basic;

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
        // The SDK sends If-None-Match/If-Match as given; the conditions are ours: create only, or replace that version
        // (a listed blob always has an ETag; without one, replace only what still exists).
        var conditions = write.Force ? null
            : write.Existing is null ? new BlobRequestConditions { IfNoneMatch = ETag.All }
            : new BlobRequestConditions { IfMatch = write.Existing.ETag is { } etag ? new ETag(etag) : ETag.All };
        ForgetFirstPage();
        var blob = Container.GetBlockBlobClient(FullName(write.Path));
        return await Call(async () => write.Source.Size <= _options.PutBlobThreshold
            ? await PutBlobAsync(blob, write, conditions, cancellationToken).ConfigureAwait(false)
            : await BlockUpload.RunAsync(blob, write, conditions, _options.MaxParallelBlocks, cancellationToken)
                .ConfigureAwait(false),
            $"'{write.Path}'", write.Source.FullPath).ConfigureAwait(false);
    }

    /// <summary>
    /// The MD5 stored must be the MD5 of the bytes stored. A small file is read once into the buffer that goes out
    /// (one byte past the planned size, so a file that grew is seen) and that buffer is checked against the plan
    /// before anything is sent. A larger one streams, so 32 uploads in flight do not hold 8 MiB each; it carries the
    /// planned MD5 as Content-MD5, and the service refuses the upload if the bytes it got differ.
    /// </summary>
    private async Task<StoreWriteResult> PutBlobAsync(BlockBlobClient blob, StoreWrite write,
        BlobRequestConditions? conditions, CancellationToken ct)
    {
        if (write.Source.Size > _options.BufferThreshold)
        {
            await using var file = OpenSource(write.Source);
            var streamed = new BlobUploadOptions
            {
                HttpHeaders = HttpHeaders(write.Headers, write.Source.Md5),
                Conditions = conditions,
                TransferOptions = new StorageTransferOptions { InitialTransferSize = write.Source.Size + 1 },
            };
            using (PlannedMd5Policy.Scope(write.Source.Md5))
                await CommitAsync(() => blob.UploadAsync(file, streamed, ct), blob, write.Source, ct)
                    .ConfigureAwait(false);
            write.Progress?.Report(write.Source.Size);
            return new StoreWriteResult(write.Source.Size);
        }
        var want = (int)write.Source.Size + 1;
        var data = ArrayPool<byte>.Shared.Rent(want);
        try
        {
            return await PutBlobAsync(blob, write, conditions, data, want, ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private static async Task<StoreWriteResult> PutBlobAsync(BlockBlobClient blob, StoreWrite write,
        BlobRequestConditions? conditions, byte[] data, int want, CancellationToken ct)
    {
        int length;
        await using (var file = OpenSource(write.Source))
            length = await file.ReadAtLeastAsync(data.AsMemory(0, want), want, throwOnEndOfStream: false, ct)
                .ConfigureAwait(false);
        var md5 = MD5.HashData(data.AsSpan(0, length));
        RequireUnchanged(write.Source, length, md5);
        var options = new BlobUploadOptions
        {
            HttpHeaders = HttpHeaders(write.Headers, md5),
            Conditions = conditions,
            // One Put Blob whatever the SDK's default split threshold becomes.
            TransferOptions = new StorageTransferOptions { InitialTransferSize = length + 1 },
            // Content-MD5 on the request too, so the service refuses bytes damaged on the way. The SDK hashes the
            // buffer itself (it takes no precalculated MD5 here); the buffer is the one hashed above.
            TransferValidation = new UploadTransferValidationOptions
            {
                ChecksumAlgorithm = StorageChecksumAlgorithm.MD5,
            },
        };
        var content = new MemoryStream(data, 0, length, writable: false);
        await CommitAsync(() => blob.UploadAsync(content, options, ct), blob, write.Source, ct).ConfigureAwait(false);
        write.Progress?.Report(length);
        return new StoreWriteResult(length);
    }

    /// <summary>A file whose bytes now differ from the hash the plan made must not be stored under that hash.</summary>
    internal static void RequireUnchanged(LocalFile source, long length, byte[] md5)
    {
        if (!source.SameContentAs(length, md5))
            throw StoreException.ChangedWhileSyncing(source.FullPath);
    }

    internal static BlobHttpHeaders HttpHeaders(ContentHeaders headers, byte[] md5) => new()
    {
        // Put Blob and Put Block List replace every property: send them all, every time.
        ContentHash = md5,
        ContentType = headers.ContentType,
        CacheControl = headers.CacheControl,
        ContentEncoding = headers.ContentEncoding,
        ContentDisposition = headers.ContentDisposition,
    };

    /// <summary>
    /// A conditional write whose response was lost is retried by the pipeline and then fails its own precondition
    /// (409 or 412): the first attempt landed. If the blob now holds exactly our bytes, that is success, not a
    /// conflict; anything else is someone else's write and stays a conflict.
    /// </summary>
    internal static async Task CommitAsync(Func<Task> commit, BlobBaseClient blob, LocalFile source,
        CancellationToken ct)
    {
        try
        {
            await commit().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            if (await PropertiesAsync(blob, ct).ConfigureAwait(false) is not { } p
                || !source.SameContentAs(p.ContentLength, p.ContentHash)) throw;
        }
    }

    /// <returns>Null when the blob does not exist.</returns>
    private static async Task<BlobProperties?> PropertiesAsync(BlobBaseClient blob, CancellationToken ct)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        await Call(async () => (await Container.GetBlobClient(FullName(path))
            .DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content,
                $"'{path}'")
            .ConfigureAwait(false);

    public Task DeleteAsync(StoreEntry entry, bool force, CancellationToken cancellationToken)
    {
        ForgetFirstPage();
        return Call(() => DeleteBlobAsync(Container.GetBlobClient(FullName(entry.Path)), force ? null : entry.ETag,
            cancellationToken), $"'{entry.Path}'", verb: "deleted");
    }

    /// <summary>
    /// A delete is done when the blob is gone: a 404, or a 412 on a retry whose first attempt deleted the blob but
    /// lost its answer. A 412 with the blob still there is another writer's change and stays a conflict.
    /// </summary>
    private static async Task DeleteBlobAsync(BlobClient blob, string? ifMatch, CancellationToken ct)
    {
        try
        {
            var conditions = ifMatch is null ? null : new BlobRequestConditions { IfMatch = new ETag(ifMatch) };
            await blob.DeleteAsync(DeleteSnapshotsOption.None, conditions, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "BlobNotFound")
        {
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            if (await PropertiesAsync(blob, ct).ConfigureAwait(false) is not null) throw;
        }
    }

    public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string FullName(string path) => _destination.Prefix.Length > 0 ? _destination.Prefix + "/" + path : path;

    internal static FileStream OpenSource(LocalFile source) =>
        new(source.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16,
            useAsync: true);

    private Task Call(Func<Task> action, string what, string? source = null, string verb = "overwritten") =>
        StoreCall.RunAsync(action, _destination.ServiceUri,
            e => BlobErrors.ToStoreException(e, what, _destination, _credential, source, verb));

    private Task<T> Call<T>(Func<Task<T>> action, string what, string? source = null) =>
        StoreCall.RunAsync(action, _destination.ServiceUri,
            e => BlobErrors.ToStoreException(e, what, _destination, _credential, source));
}

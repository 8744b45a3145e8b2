using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using AzSync.Azure.Rest;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;

namespace AzSync.Azure.Blobs;

/// <summary>
/// A large file as content-defined blocks, kept because the SDK's own upload splits at fixed offsets and names
/// blocks randomly: our block IDs are the chunks' hashes, so the blocks the committed blob already has (Get Block
/// List) are reused and only changed chunks travel, then one Put Block List commits the file.
/// </summary>
internal static class BlockUpload
{
    public static async Task<StoreWriteResult> RunAsync(BlockBlobClient blob, StoreWrite write,
        BlobRequestConditions? conditions, int parallel, CancellationToken ct)
    {
        // The MD5 committed is taken over the bytes as they are chunked; each block sent is re-read and checked
        // against its chunk's hash, so the committed blob is exactly these bytes and this MD5 is theirs.
        List<Chunk> chunks;
        byte[] md5;
        await using (var file = new Md5ReadStream(BlobStore.OpenSource(write.Source)))
        {
            chunks = ContentDefinedChunker.ForFileSize(write.Source.Size).Split(file);
            md5 = file.Md5();
            BlobStore.RequireUnchanged(write.Source, file.BytesRead, md5);
        }
        var committed = write.Existing is null ? [] : await CommittedAsync(blob, ct).ConfigureAwait(false);
        // Counted across both attempts below: what travelled, whatever the outcome of the first.
        var sent = new StrongBox<long>();
        try
        {
            await StageAndCommitAsync(blob, write, chunks, committed, md5, conditions, parallel, sent, ct)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "InvalidBlockList" && committed.Count > 0)
        {
            // Only reachable without a precondition (--force): someone replaced the blob after its block list was read,
            // so the blocks meant for reuse are gone. Send them all instead of failing a forced write.
            await StageAndCommitAsync(blob, write, chunks, [], md5, conditions, parallel, sent, ct)
                .ConfigureAwait(false);
        }
        return new StoreWriteResult(sent.Value);
    }

    /// <summary>The committed block IDs, or none when the blob is missing or was written in one piece.</summary>
    private static async Task<HashSet<string>> CommittedAsync(BlockBlobClient blob, CancellationToken ct)
    {
        try
        {
            var list = await blob.GetBlockListAsync(BlockListTypes.Committed, cancellationToken: ct)
                .ConfigureAwait(false);
            return list.Value.CommittedBlocks.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    private static async Task StageAndCommitAsync(BlockBlobClient blob, StoreWrite write, List<Chunk> chunks,
        HashSet<string> committed, byte[] md5, BlobRequestConditions? conditions, int parallel, StrongBox<long> sent,
            CancellationToken ct)
    {
        var ids = chunks.Select(c => BlockId(c.Hash)).ToList();
        var missing = chunks.Select((c, i) => (Chunk: c, Id: ids[i])).Where(x => !committed.Contains(x.Id))
            .DistinctBy(x => x.Id).ToList();
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct };
        await Parallel.ForEachAsync(missing, parallelism,
            async (block, token) =>
            {
                var data = new byte[block.Chunk.Length];
                await using (var file = BlobStore.OpenSource(write.Source))
                {
                    file.Position = block.Chunk.Offset;
                    await file.ReadExactlyAsync(data, token).ConfigureAwait(false);
                }
                // The block ID promises these bytes: a file edited since it was chunked fails, never mislabels a block.
                if (!SHA256.HashData(data).AsSpan().SequenceEqual(block.Chunk.Hash))
                    throw StoreException.ChangedWhileSyncing(write.Source.FullPath);
                var options = new BlockBlobStageBlockOptions
                {
                    TransferValidation = new UploadTransferValidationOptions
                    { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, PrecalculatedChecksum = MD5.HashData(data) },
                };
                await blob.StageBlockAsync(block.Id, new MemoryStream(data, writable: false), options, token)
                    .ConfigureAwait(false);
                // Not inside ?.: a null Progress would skip the add.
                var total = Interlocked.Add(ref sent.Value, data.Length);
                write.Progress?.Report(total);
            }).ConfigureAwait(false);

        // The SDK names every block Latest, which the service resolves to the uncommitted block of that ID if there is
        // one, else the committed one: reused and new blocks alike.
        var commit = new CommitBlockListOptions
        {
            HttpHeaders = BlobStore.HttpHeaders(write.Headers, md5),
            Conditions = conditions,
        };
        await BlobStore.CommitAsync(() => blob.CommitBlockListAsync(ids, commit, ct), blob, write.Source, ct)
            .ConfigureAwait(false);
    }

    /// <summary>"azs1" and the chunk's SHA-256: all IDs of a blob have one length, as Put Block List needs.</summary>
    internal static string BlockId(byte[] sha256) => Convert.ToBase64String([.. "azs1"u8, .. sha256.AsSpan(0, 28)]);
}

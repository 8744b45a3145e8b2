using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Files.Shares;
using Azure.Storage.Files.Shares.Models;
using AzSync.Core.Hashing;

namespace AzSync.Azure.Files;

/// <param name="Md5">MD5 of exactly the bytes the finished file will hold: ranges sent and chunks to copy.</param>
/// <param name="Chunks">SHA-256 of each fixed-size chunk, for the next run's delta (large files only).</param>
/// <param name="Copies">Ranges the service is to copy from the replaced file, once it is leased.</param>
internal sealed record RangeUpload(
    long BytesSent, byte[] Md5, IReadOnlyList<byte[]>? Chunks, IReadOnlyList<HttpRange> Copies);

/// <summary>
/// Fills a freshly created (temporary) file from a local file, 4 MiB ranges at a time; the SDK has no delta
/// upload. When the index holds the chunk hashes of the file being replaced, chunks whose hash is unchanged are
/// left for the service to copy from that file (Put Range From URL) and only the changed ones travel. Ranges are
/// positional, so chunks are fixed-size: an edit in place sends about one chunk; an insertion sends the rest.
/// The source is read once, in order, so the MD5 of what the file will hold is known before it is put in place.
/// </summary>
internal sealed class RangeWriter
{
    public const int ChunkSize = RangeBuffers.ChunkSize;
    public const int MaxRange = 4 << 20;
    /// <summary>Below this a file is sent whole: copies would cost more requests than the bytes they save.</summary>
    public const long DeltaMinSize = 4L * ChunkSize;
    private const int RangesAtOnce = 4;
    private static readonly ShareFileUploadRangeOptions WithMd5 = new()
    {
        TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
    };

    /// <param name="old">The replaced file's chunk hashes, or null to send everything.</param>
    public static async Task<RangeUpload> SendAsync(ShareFileClient temp, LocalFile source, IReadOnlyList<byte[]>? old,
        IProgress<long>? progress, CancellationToken ct)
    {
        var keepChunks = source.Size >= DeltaMinSize;
        var chunks = keepChunks ? new byte[(source.Size + ChunkSize - 1) / ChunkSize][] : null;
        var copies = new List<HttpRange>();
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Pooled and bounded: four 4 MiB ranges per file in flight, times the files in flight, is peak memory.
        using var inFlight = new SemaphoreSlim(RangesAtOnce);
        var sends = new List<Task>();
        long sent = 0;
        List<byte[]>? pending = null;
        long pendingOffset = 0;
        var pendingLength = 0;

        void Dispatch()
        {
            if (pending is null) return;
            var (buffers, offset, length) = (pending, pendingOffset, pendingLength);
            pending = null;
            if (length == 0)
            {
                inFlight.Release();
                return;
            }
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    var range = new ChunkStream(buffers, length);
                    await temp.UploadRangeAsync(new HttpRange(offset, length), range, WithMd5, stop.Token)
                        .ConfigureAwait(false);
                    var total = Interlocked.Add(ref sent, length);
                    progress?.Report(total);
                }
                finally
                {
                    RangeBuffers.Return(buffers);
                    inFlight.Release();
                }
            }, CancellationToken.None));
        }

        try
        {
            await using var file = new FileStream(source.FullPath, FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete, 1 << 16, true);
            for (long offset = 0; offset < source.Size; offset += ChunkSize)
            {
                var length = (int)Math.Min(ChunkSize, source.Size - offset);
                if (pending is not null && pendingLength + length > MaxRange) Dispatch();
                if (pending is null)
                {
                    await inFlight.WaitAsync(stop.Token).ConfigureAwait(false);
                    (pending, pendingOffset, pendingLength) = (new List<byte[]>(MaxRange / ChunkSize), offset, 0);
                }
                // Read straight into the range being filled; a chunk that turns out to be copied is not sent.
                var buffer = RangeBuffers.Rent(length);
                var data = buffer.AsMemory(0, length);
                try
                {
                    await file.ReadExactlyAsync(data, stop.Token).ConfigureAwait(false);
                }
                catch
                {
                    RangeBuffers.Return(buffer);
                    throw;
                }
                md5.AppendData(data.Span);
                var index = (int)(offset / ChunkSize);
                var hash = chunks is null ? null : chunks[index] = SHA256.HashData(data.Span);
                // A chunk the old file holds byte for byte (same SHA-256) is left to the service to copy.
                if (hash is not null && old is not null && index < old.Count && old[index].AsSpan().SequenceEqual(hash))
                {
                    RangeBuffers.Return(buffer);
                    if (pendingLength > 0) Dispatch();
                    else pendingOffset = offset + length;
                    if (copies.Count > 0 && copies[^1] is var last && last.Offset + last.Length == offset &&
                        last.Length + length <= MaxRange)
                        copies[^1] = new HttpRange(last.Offset, last.Length + length);
                    else copies.Add(new HttpRange(offset, length));
                    continue;
                }
                pending.Add(buffer);
                pendingLength += length;
                // A failed range fails the file: reading on would only send more of it.
                if (sends.FirstOrDefault(s => s.IsFaulted) is { } failed) await failed.ConfigureAwait(false);
            }
            Dispatch();
        }
        catch
        {
            if (pending is not null) { RangeBuffers.Return(pending); inFlight.Release(); }
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(sends).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        await Task.WhenAll(sends).ConfigureAwait(false);
        return new RangeUpload(sent, md5.GetHashAndReset(), chunks, copies);
    }

    /// <summary>Has the service copy the unchanged ranges from the (leased) old file into the temporary one.</summary>
    public static Task CopyAsync(ShareFileClient temp, Uri source, HttpAuthorization? authorization,
        IReadOnlyList<HttpRange> copies, CancellationToken ct) =>
        Parallel.ForEachAsync(copies,
            new ParallelOptions { MaxDegreeOfParallelism = RangesAtOnce, CancellationToken = ct },
            async (range, token) => await temp.UploadRangeFromUriAsync(source, range, range,
                new ShareFileUploadRangeFromUriOptions { SourceAuthentication = authorization }, token)
                .ConfigureAwait(false));
}

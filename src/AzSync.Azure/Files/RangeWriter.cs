using System.Buffers;
using System.Security.Cryptography;
using AzSync.Core.Hashing;

namespace AzSync.Azure.Files;

/// <summary>What a write sent and the fixed-size chunk hashes of what it wrote, for the next run's delta.</summary>
public sealed record RangeWriteResult(long BytesSent, IReadOnlyList<byte[]>? Chunks);

/// <summary>
/// Fills a freshly created (temporary) file from a local file, 4 MiB ranges at a time. When the index holds the
/// chunk hashes of the file being replaced, chunks whose hash is unchanged are copied by the service from that
/// file (Put Range From URL) and only the changed ones travel. Ranges are positional, so chunks are fixed-size:
/// an edit in place sends about one chunk; an insertion shifts everything after it and sends the rest.
/// </summary>
internal sealed class RangeWriter(FileShareRestClient client, CopySourceAuthorization copySource)
{
    public const int ChunkSize = 1 << 20;
    /// <summary>Below this a file is sent whole: the copies would cost more requests than the bytes they save.</summary>
    public const long DeltaMinSize = 4L * ChunkSize;
    private const int RangesAtOnce = 4;

    private enum Kind { Send, Copy }

    private sealed record Segment(Kind Kind, long Offset, int Length);

    /// <param name="previous">The replaced file's path (share-relative) and chunk hashes, or null to send everything.</param>
    public async Task<RangeWriteResult> WriteAsync(string temp, LocalFile source, (string Path, IReadOnlyList<byte[]> Chunks)? previous,
        IProgress<long>? progress, CancellationToken ct)
    {
        var keepChunks = source.Size >= DeltaMinSize;
        var chunks = new byte[(source.Size + ChunkSize - 1) / ChunkSize][];
        List<Segment> segments;
        if (keepChunks && previous is { } old && copySource.CanGrant)
        {
            List<Chunk> current;
            using (var file = OpenRead(source.FullPath, async: false)) current = new FixedChunker(ChunkSize).Split(file);
            for (var i = 0; i < current.Count; i++) chunks[i] = current[i].Hash;
            segments = Merge(current.Select((c, i) => new Segment(
                i < old.Chunks.Count && old.Chunks[i].AsSpan().SequenceEqual(c.Hash) ? Kind.Copy : Kind.Send, c.Offset, c.Length)));
        }
        else
        {
            segments = Merge(Enumerable.Range(0, chunks.Length).Select(i =>
                new Segment(Kind.Send, (long)i * ChunkSize, (int)Math.Min(ChunkSize, source.Size - (long)i * ChunkSize))));
        }

        var grant = segments.Any(s => s.Kind == Kind.Copy) ? await copySource.GrantAsync(previous!.Value.Path, ct).ConfigureAwait(false) : null;
        long sent = 0;
        await Parallel.ForEachAsync(segments, new ParallelOptions { MaxDegreeOfParallelism = RangesAtOnce, CancellationToken = ct }, async (segment, token) =>
        {
            if (segment.Kind == Kind.Copy)
            {
                await client.PutRangeFromUrlAsync(temp, segment.Offset, segment.Length, previous!.Value.Path, segment.Offset, grant!, token).ConfigureAwait(false);
                return;
            }
            // Pooled: four 4 MiB buffers per file in flight, times the files in flight, is what peak memory is made of.
            var buffer = ArrayPool<byte>.Shared.Rent(segment.Length);
            try
            {
                var data = buffer.AsMemory(0, segment.Length);
                await using (var file = OpenRead(source.FullPath, async: true))
                {
                    file.Position = segment.Offset;
                    await file.ReadExactlyAsync(data, token).ConfigureAwait(false);
                }
                for (var at = 0; at < data.Length; at += ChunkSize)
                {
                    var index = (int)((segment.Offset + at) / ChunkSize);
                    var hash = SHA256.HashData(data.Span.Slice(at, Math.Min(ChunkSize, data.Length - at)));
                    // A chunk hashed before must still be those bytes: a file edited since would mix old and new parts.
                    if (chunks[index] is { } expected && !expected.AsSpan().SequenceEqual(hash))
                        throw new IOException($"'{source.FullPath}' changed while it was being uploaded; sync it again once it is finished.");
                    chunks[index] = hash;
                }
                await client.PutRangeAsync(temp, segment.Offset, data, MD5.HashData(data.Span), token).ConfigureAwait(false);
                var total = Interlocked.Add(ref sent, data.Length);
                progress?.Report(total);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }).ConfigureAwait(false);
        return new RangeWriteResult(sent, keepChunks ? chunks : null);
    }

    /// <summary>Neighbouring chunks of one kind become one request, up to the service's 4 MiB per range.</summary>
    private static List<Segment> Merge(IEnumerable<Segment> chunks)
    {
        var merged = new List<Segment>();
        foreach (var c in chunks)
        {
            if (merged.Count > 0 && merged[^1] is var last && last.Kind == c.Kind && last.Length + c.Length <= FileShareStore.MaxRange)
                merged[^1] = last with { Length = last.Length + c.Length };
            else merged.Add(c);
        }
        return merged;
    }

    private static FileStream OpenRead(string path, bool async) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, async);
}

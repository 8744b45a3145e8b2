using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;

namespace AzSync.Core.Hashing;

/// <param name="Min">No cut before this many bytes (bounds the chunk count).</param>
/// <param name="Average">Roughly the expected chunk size; sets how many hash bits must be zero at a cut.</param>
/// <param name="Max">A cut is forced here, so one edit never inflates a chunk without bound.</param>
public readonly record struct ChunkSizes(int Min, int Average, int Max);

/// <summary>
/// Splits content at positions chosen by the content itself (a gear rolling hash over the last 64 bytes), so an
/// insertion or deletion moves only the boundaries next to it: the chunks after it keep their bytes and hashes,
/// and a store can reuse them. Each chunk carries a SHA-256 of its bytes.
/// </summary>
public sealed class ContentDefinedChunker
{
    /// <summary>Azure allows 50,000 committed blocks per blob; stay safely under it.</summary>
    public const int MaxChunksPerFile = 50_000;

    private static readonly ulong[] Gear = BuildGear();
    private readonly ulong _mask;

    public ContentDefinedChunker(ChunkSizes sizes)
    {
        if (sizes.Min <= 0 || sizes.Average < sizes.Min || sizes.Max < sizes.Average)
            throw new ArgumentOutOfRangeException(nameof(sizes), "Chunk sizes must satisfy 0 < Min <= Average <= Max.");
        Sizes = sizes;
        // The top bits of a gear hash depend on the most bytes, so the cut test uses them.
        var bits = BitOperations.Log2((uint)Math.Max(2, sizes.Average - sizes.Min));
        _mask = ulong.MaxValue << (64 - bits);
    }

    public ChunkSizes Sizes { get; }

    /// <summary>
    /// 128 KiB / 512 KiB / 2 MiB for files up to about 6 GiB, so a small edit re-sends about a MiB; larger files
    /// scale every size up so the chunk count stays under <see cref="MaxChunksPerFile"/>.
    /// </summary>
    public static ChunkSizes SizesFor(long fileSize)
    {
        long min = 128 * 1024;
        var needed = (fileSize + MaxChunksPerFile - 2) / (MaxChunksPerFile - 1);
        while (min < needed) min *= 2;
        // Chunk lengths are ints and Azure blocks stop at 4000 MiB: cap the maximum at 1 GiB, which still covers
        // files of about 50 TiB; larger files are beyond block delta.
        const long cap = 1L << 30;
        if (min > cap)
            throw new ArgumentOutOfRangeException(nameof(fileSize), "The file is too large for block-level delta.");
        var max = Math.Min(min * 16, cap);
        return new ChunkSizes((int)min, (int)Math.Min(min * 4, max), (int)max);
    }

    public static ContentDefinedChunker ForFileSize(long fileSize) => new(SizesFor(fileSize));

    /// <summary>Reads <paramref name="stream"/> to its end once and returns its chunks in order.</summary>
    public List<Chunk> Split(Stream stream)
    {
        var chunks = new List<Chunk>();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            long chunkStart = 0, position = 0;
            ulong hash = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                var pending = 0; // start of the bytes in this buffer not yet fed to the chunk hash
                for (var i = 0; i < read; i++)
                {
                    hash = (hash << 1) + Gear[buffer[i]];
                    position++;
                    var length = position - chunkStart;
                    if (length >= Sizes.Max || (length >= Sizes.Min && (hash & _mask) == 0))
                    {
                        sha.AppendData(buffer, pending, i + 1 - pending);
                        pending = i + 1;
                        chunks.Add(new Chunk(chunkStart, (int)length, sha.GetHashAndReset()));
                        chunkStart = position;
                    }
                }
                sha.AppendData(buffer, pending, read - pending);
            }
            if (position > chunkStart)
                chunks.Add(new Chunk(chunkStart, (int)(position - chunkStart), sha.GetHashAndReset()));
            return chunks;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A fixed table (SplitMix64 from a fixed seed): chunk boundaries, and so block IDs, must be the same on every
    // machine and in every version, or a re-sync could never reuse what an earlier run uploaded.
    private static ulong[] BuildGear()
    {
        var table = new ulong[256];
        ulong state = 0x617A73796E63UL; // "azsync"
        for (var i = 0; i < table.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            table[i] = z ^ (z >> 31);
        }
        return table;
    }
}

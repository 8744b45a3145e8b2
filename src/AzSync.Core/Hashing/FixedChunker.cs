using System.Buffers;
using System.Security.Cryptography;

namespace AzSync.Core.Hashing;

/// <summary>
/// Splits content into equal pieces (the last may be shorter), each with a SHA-256. Azure Files ranges are
/// addressed by offset, so comparing piece by piece at fixed offsets finds the ranges to rewrite.
/// </summary>
public sealed class FixedChunker
{
    public const int DefaultChunkSize = 4 * 1024 * 1024;

    public FixedChunker(int chunkSize = DefaultChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ChunkSize = chunkSize;
    }

    public int ChunkSize { get; }

    /// <summary>Reads <paramref name="stream"/> to its end once and returns its chunks in order.</summary>
    public List<Chunk> Split(Stream stream)
    {
        var chunks = new List<Chunk>();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ChunkSize, 1 << 20));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            long chunkStart = 0;
            var filled = 0; // bytes of the current chunk hashed so far
            while (true)
            {
                var read = stream.Read(buffer, 0, Math.Min(buffer.Length, ChunkSize - filled));
                if (read == 0) break;
                sha.AppendData(buffer, 0, read);
                filled += read;
                if (filled == ChunkSize)
                {
                    chunks.Add(new Chunk(chunkStart, filled, sha.GetHashAndReset()));
                    chunkStart += filled;
                    filled = 0;
                }
            }
            if (filled > 0) chunks.Add(new Chunk(chunkStart, filled, sha.GetHashAndReset()));
            return chunks;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

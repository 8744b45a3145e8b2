using System.Buffers;
using System.Collections.Concurrent;

namespace AzSync.Azure.Files;

/// <summary>
/// The buffers a range is read into, one per 1 MiB chunk, so a range holds about its own size: a 2.1 MiB file
/// holds 2.125 MiB, where one pooled 4 MiB-bucket array per range held 4. Full chunks come from a pool of their
/// own: any thread takes back what another returned, whereas the shared pool parks an array in the returning
/// thread's slot, out of every other thread's reach, and the uploads' thread-pool threads kept dozens of those.
/// Tails and small files take the shared pool's smaller arrays.
/// </summary>
internal static class RangeBuffers
{
    public const int ChunkSize = 1 << 20;
    // Holds at most what the uploads held at their peak, which the engine's memory budget bounds.
    private static readonly ConcurrentQueue<byte[]> Chunks = new();

    public static byte[] Rent(int length) =>
        length > ChunkSize / 2 ? Chunks.TryDequeue(out var chunk) ? chunk : new byte[ChunkSize]
        : ArrayPool<byte>.Shared.Rent(length);

    public static void Return(byte[] buffer)
    {
        if (buffer.Length == ChunkSize) Chunks.Enqueue(buffer);
        else ArrayPool<byte>.Shared.Return(buffer);
    }

    public static void Return(IEnumerable<byte[]> buffers)
    {
        foreach (var buffer in buffers) Return(buffer);
    }
}

/// <summary>
/// One range's bytes over its chunk buffers, read-only and seekable (the SDK hashes the body and rewinds it, and a
/// retry sends it again). Every buffer but the last holds a full chunk.
/// </summary>
internal sealed class ChunkStream(IReadOnlyList<byte[]> chunks, int length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (buffer.Length > 0 && _position < length)
        {
            var chunk = chunks[(int)(_position / RangeBuffers.ChunkSize)];
            var at = (int)(_position % RangeBuffers.ChunkSize);
            var n = (int)Math.Min(buffer.Length, Math.Min(RangeBuffers.ChunkSize - at, length - _position));
            chunk.AsSpan(at, n).CopyTo(buffer);
            buffer = buffer[n..];
            _position += n;
            total += n;
        }
        return total;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

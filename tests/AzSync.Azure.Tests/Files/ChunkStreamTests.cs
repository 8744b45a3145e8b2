using AzSync.Azure.Files;

namespace AzSync.Azure.Tests.Files;

/// <summary>A range sent from its chunk buffers: the file's bytes, and again after a rewind (a retry).</summary>
public sealed class ChunkStreamTests
{
    [Fact]
    public async Task A_range_of_two_full_chunks_and_a_pooled_tail_reads_as_the_file_bytes_and_again_after_a_rewind()
    {
        var file = new byte[2 * RangeBuffers.ChunkSize + 1000];
        new Random(7).NextBytes(file);
        var buffers = new List<byte[]>();
        for (var at = 0; at < file.Length; at += RangeBuffers.ChunkSize)
        {
            var length = Math.Min(RangeBuffers.ChunkSize, file.Length - at);
            var buffer = RangeBuffers.Rent(length);
            file.AsSpan(at, length).CopyTo(buffer);
            buffers.Add(buffer);
        }
        using var stream = new ChunkStream(buffers, file.Length);

        var first = new MemoryStream();
        await stream.CopyToAsync(first, 65_537);
        stream.Position = 0;
        var again = new MemoryStream();
        await stream.CopyToAsync(again, 4096);

        Assert.Equal(file, first.ToArray());
        Assert.Equal(file, again.ToArray());
        Assert.True(buffers[^1].Length < RangeBuffers.ChunkSize, "the tail came from the shared pool's smaller arrays");
        RangeBuffers.Return(buffers);
    }
}

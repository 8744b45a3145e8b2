using System.Security.Cryptography;
using AzSync.Core.Hashing;

namespace AzSync.Core.Tests.Hashing;

public sealed class FixedChunkerTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(4096, 1)]
    [InlineData(4097, 2)]
    [InlineData(3 * 4096, 3)]
    [InlineData(3 * 4096 + 5, 4)]
    public void Splits_into_equal_chunks_with_a_shorter_last_one(int size, int expectedCount)
    {
        var content = TestFiles.Random(size, seed: size);

        var chunks = new FixedChunker(4096).Split(new MemoryStream(content));

        Assert.Equal(expectedCount, chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var c = chunks[i];
            Assert.Equal(i * 4096L, c.Offset);
            Assert.Equal(Math.Min(4096, size - i * 4096), c.Length);
            Assert.Equal(SHA256.HashData(content.AsSpan((int)c.Offset, c.Length)), c.Hash);
        }
    }

    [Fact]
    public void Short_reads_do_not_move_the_boundaries()
    {
        var content = TestFiles.Random(10_000_000, seed: 3);

        var whole = new FixedChunker().Split(new MemoryStream(content));
        var trickled = new FixedChunker().Split(new TrickleStream(content, 65_521));

        Assert.Equal(3, whole.Count);
        Assert.Equal(FixedChunker.DefaultChunkSize, whole[0].Length);
        Assert.Equal(whole.Select(c => (c.Offset, c.Length, Convert.ToHexString(c.Hash))),
            trickled.Select(c => (c.Offset, c.Length, Convert.ToHexString(c.Hash))));
    }

    [Fact]
    public void An_edit_changes_only_the_chunk_that_holds_it()
    {
        var content = TestFiles.Random(5 * 8192 + 100, seed: 11);
        var before = new FixedChunker(8192).Split(new MemoryStream(content));
        content[2 * 8192 + 50] ^= 0xFF;

        var after = new FixedChunker(8192).Split(new MemoryStream(content));

        var differing = Enumerable.Range(0, before.Count).Where(i => !before[i].Hash.SequenceEqual(after[i].Hash));
        Assert.Equal(new[] { 2 }, differing);
    }

    [Fact]
    public void A_chunk_size_below_one_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedChunker(0));
}

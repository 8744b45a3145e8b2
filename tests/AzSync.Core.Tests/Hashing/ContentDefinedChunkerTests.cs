using System.Security.Cryptography;
using AzSync.Core.Hashing;

namespace AzSync.Core.Tests.Hashing;

public class ContentDefinedChunkerTests
{
    private const int Size = 32 << 20;
    private static readonly byte[] Original = Random(Size, seed: 42);

    private static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static List<Chunk> Split(byte[] data) =>
        ContentDefinedChunker.ForFileSize(data.Length).Split(new MemoryStream(data));

    [Fact]
    public void Chunks_cover_the_file_without_gaps_and_respect_the_sizes()
    {
        var chunker = ContentDefinedChunker.ForFileSize(Size);
        var chunks = chunker.Split(new MemoryStream(Original));
        long expected = 0;
        foreach (var c in chunks)
        {
            Assert.Equal(expected, c.Offset);
            Assert.Equal(SHA256.HashData(Original.AsSpan((int)c.Offset, c.Length)), c.Hash);
            expected += c.Length;
        }
        Assert.Equal(Size, expected);
        Assert.All(chunks.SkipLast(1), c => Assert.InRange(c.Length, chunker.Sizes.Min, chunker.Sizes.Max));
        // A plausible spread: not one chunk per Min, not all at Max.
        Assert.InRange(chunks.Count, Size / chunker.Sizes.Max, Size / chunker.Sizes.Min);
    }

    [Fact]
    public void The_same_content_always_gives_the_same_chunks() =>
        Assert.Equal(Split(Original).Select(c => Convert.ToHexString(c.Hash)),
            Split(Original.ToArray()).Select(c => Convert.ToHexString(c.Hash)));

    [Fact]
    public void Inserting_one_byte_at_the_start_changes_only_the_first_chunk()
    {
        var before = Split(Original);
        var after = Split([0x5A, .. Original]);
        Assert.Equal(before.Count, after.Count);
        Assert.NotEqual(before[0].Hash, after[0].Hash);
        Assert.Equal(before.Skip(1).Select(c => Convert.ToHexString(c.Hash)),
            after.Skip(1).Select(c => Convert.ToHexString(c.Hash)));
    }

    [Fact]
    public void Changing_64_bytes_in_the_middle_changes_at_most_two_chunks_and_a_few_MiB()
    {
        var edited = Original.ToArray();
        RandomNumberGenerator.Fill(edited.AsSpan(Size / 2, 64));
        var known = Split(Original).Select(c => Convert.ToHexString(c.Hash)).ToHashSet();
        var changed = Split(edited).Where(c => !known.Contains(Convert.ToHexString(c.Hash))).ToList();
        Assert.InRange(changed.Count, 1, 2);
        Assert.True(changed.Sum(c => (long)c.Length) <= 4 << 20,
            $"{changed.Sum(c => (long)c.Length)} bytes would travel");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L << 30)]
    [InlineData(100L << 30)]
    [InlineData(200L << 30)]
    [InlineData(4L << 40)]
    public void Sizes_keep_any_file_under_the_block_limit(long fileSize)
    {
        var sizes = ContentDefinedChunker.SizesFor(fileSize);
        Assert.True(fileSize / sizes.Min + 1 <= ContentDefinedChunker.MaxChunksPerFile,
            $"{fileSize / sizes.Min + 1} chunks");
        // The documented cap of 1 GiB keeps every chunk an int and well under Azure's 4000 MiB block limit.
        Assert.InRange(sizes.Average, sizes.Min, sizes.Max);
        Assert.InRange(sizes.Max, sizes.Average, 1 << 30);
    }
}

using System.Security.Cryptography;
using AzSync.Core.Hashing;

namespace AzSync.Core.Tests.Hashing;

public sealed class FileHasherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-hash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 1)]
    [InlineData(5 * (1 << 20) + 7)]
    public async Task The_md5_matches_the_platforms_for_every_size(int size)
    {
        var content = RandomNumberGenerator.GetBytes(size);
        var file = await new FileHasher(2).HashOneAsync(Write($"f{size}", content), null, default);
        Assert.Equal(MD5.HashData(content), file.Md5);
        Assert.Equal(size, file.Size);
    }

    [Fact]
    public async Task Known_vectors()
    {
        var hasher = new FileHasher(1);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e",
            Convert.ToHexStringLower((await hasher.HashOneAsync(Write("empty", []), null, default)).Md5));
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72",
            Convert.ToHexStringLower((await hasher.HashOneAsync(Write("abc", "abc"u8.ToArray()), null, default)).Md5));
    }

    [Fact]
    public async Task Many_files_in_parallel_give_the_same_results_as_one_by_one_and_failures_do_not_stop_the_rest()
    {
        var contents = Enumerable.Range(0, 40).Select(i => RandomNumberGenerator.GetBytes(i * 997)).ToList();
        var paths = contents.Select((c, i) => Write($"p{i}", c)).ToList();
        paths.Insert(7, Path.Combine(_dir, "vanished"));
        var (files, failures) = await new FileHasher(4).HashAsync(paths, null, default);
        Assert.Null(files[7]);
        Assert.Equal(Path.Combine(_dir, "vanished"), Assert.Single(failures).FullPath);
        var ok = files.Where(f => f is not null).ToList();
        Assert.Equal(contents.Select(MD5.HashData), ok.Select(f => f!.Md5));
    }

    [Fact]
    public async Task A_file_written_during_the_read_is_read_again()
    {
        var path = Write("growing", "first"u8.ToArray());
        var writes = 0;
        var hasher = new FileHasher(1, retryDelay: TimeSpan.Zero)
        {
            // The writer finishes during the first read only; the second read sees the final content.
            AfterRead = p => { if (writes++ == 0) File.AppendAllText(p, " and more"); },
        };
        var file = await hasher.HashOneAsync(path, null, default);
        Assert.Equal(MD5.HashData("first and more"u8.ToArray()), file.Md5);
        Assert.Equal(2, writes);
    }

    [Fact]
    public async Task A_file_that_never_settles_is_reported_not_guessed()
    {
        var path = Write("busy", "x"u8.ToArray());
        var hasher = new FileHasher(1, maxAttempts: 3, retryDelay: TimeSpan.Zero)
        {
            AfterRead = p => File.AppendAllText(p, "x"),
        };
        var (files, failures) = await hasher.HashAsync([path], null, default);
        Assert.Null(files[0]);
        Assert.Contains("kept changing", Assert.Single(failures).Reason);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        var paths = Enumerable.Range(0, 20).Select(i => Write($"c{i}", new byte[1 << 20])).ToList();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new FileHasher(2)
            .HashAsync(paths, null, cts.Token));
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace AzSync.Core.Hashing;

/// <summary>A file that could not be hashed, and why; the rest of the run goes on without it.</summary>
public sealed record HashFailure(string FullPath, string Reason);

/// <summary>
/// Stage 3: the whole-file MD5 of every selected file, each read once, by a few readers that each take the next
/// file as they finish one, with one pooled buffer per reader so memory stays bounded whatever the sizes. A file
/// whose size or modification time moves while it is read is read again (it was being written); after a few tries
/// it is reported, never guessed.
/// </summary>
public sealed class FileHasher(int parallelism, int maxAttempts = 3, TimeSpan? retryDelay = null)
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Called after each read, before the file is checked again; tests use it to change a file mid-read.
    /// </summary>
    internal Action<string>? AfterRead { get; init; }

    public async Task<(IReadOnlyList<LocalFile?> Files, IReadOnlyList<HashFailure> Failures)> HashAsync(
        IReadOnlyList<string> paths, IProgress<long>? bytesRead, CancellationToken ct)
    {
        var files = new LocalFile?[paths.Count];
        var failures = new ConcurrentBag<HashFailure>();
        await HashEachAsync(paths.Count, i => paths[i],
            (i, size, md5) => files[i] = new LocalFile(paths[i], size, Md5Bytes(md5)),
            (_, failure) => failures.Add(failure), bytesRead, ct).ConfigureAwait(false);
        return (files, failures.OrderBy(f => f.FullPath, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Hashes files 0 to <paramref name="count"/> - 1, each opened by the path <paramref name="pathOf"/> makes when
    /// its turn comes, and hands each result over as it is known rather than collecting them: the caller keeps the
    /// size and the 16 bytes of MD5 where it keeps the file.
    /// </summary>
    internal async Task HashEachAsync(int count, Func<int, string> pathOf, Action<int, long, UInt128> hashed,
        Action<int, HashFailure> failed, IProgress<long>? bytesRead, CancellationToken ct)
    {
        var next = -1;
        var stop = false;
        async Task ReadAsync()
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                for (int i; !Volatile.Read(ref stop) && (i = Interlocked.Increment(ref next)) < count;)
                {
                    ct.ThrowIfCancellationRequested();
                    var path = pathOf(i);
                    try
                    {
                        var (size, md5) = await HashOneAsync(path, buffer, bytesRead, ct).ConfigureAwait(false);
                        hashed(i, size, md5);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        var reason = e is FileChangedException ? e.Message : $"cannot read: {e.Message}";
                        failed(i, new HashFailure(path, reason));
                    }
                }
            }
            catch
            {
                // Whatever ended this reader (cancellation, an unexpected error) ends the others before their next
                // file.
                Volatile.Write(ref stop, true);
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        var readers = Math.Clamp(count, 1, Math.Max(1, parallelism));
        // Each reader gets a thread of its own: reading and hashing rarely yields, and on the thread pool the readers
        // held the threads the destination listing's socket completions needed (the listing then waited for them).
        await Task.WhenAll(Enumerable.Range(0, readers).Select(_ => Task.Factory.StartNew(ReadAsync, ct,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())).ConfigureAwait(false);
    }

    internal static byte[] Md5Bytes(UInt128 md5)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, md5);
        return bytes;
    }

    public async Task<LocalFile> HashOneAsync(string path, IProgress<long>? bytesRead, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var (size, md5) = await HashOneAsync(path, buffer, bytesRead, ct).ConfigureAwait(false);
            return new LocalFile(path, size, Md5Bytes(md5));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(long Size, UInt128 Md5)> HashOneAsync(string path, byte[] buffer,
        IProgress<long>? bytesRead, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (ReadOnce(path, buffer, bytesRead, ct) is { } file) return file;
            if (attempt >= maxAttempts)
                throw new FileChangedException(
                    $"the file kept changing while it was read ({maxAttempts} tries); " +
                    "sync it again once it is finished");
            await Task.Delay((retryDelay ?? TimeSpan.FromMilliseconds(250)) * attempt, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One read of the whole file, or null when it changed meanwhile. Judged on the open handle, so a followed link
    /// is judged by what it points to, and the path is looked up once. Synchronous reads: .NET's async file reads
    /// on Linux are thread-pool reads with extra hops, and the readers already run in parallel.
    /// </summary>
    private (long Size, UInt128 Md5)? ReadOnce(string path, byte[] buffer, IProgress<long>? bytesRead,
        CancellationToken ct)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException("the file disappeared before it could be read", path, e);
        }
        using (handle)
        {
            var before = Stamp.Of(handle);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long length = 0;
            int read;
            // A short read that reaches the size the file had is its end: the stamp taken after the read catches a
            // file that grew meanwhile, so the extra read that would return 0 is not needed.
            while ((read = RandomAccess.Read(handle, buffer, length)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                length += read;
                bytesRead?.Report(read);
                if (read < buffer.Length && length == before.Length) break;
            }
            Span<byte> md5 = stackalloc byte[16];
            hash.GetHashAndReset(md5);
            AfterRead?.Invoke(path);
            return Stamp.Of(handle) == before && length == before.Length
                ? (length, BinaryPrimitives.ReadUInt128BigEndian(md5)) : null;
        }
    }

    private readonly record struct Stamp(long Length, DateTime LastWrite)
    {
        public static Stamp Of(SafeFileHandle handle) =>
            new(RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle));
    }

    private sealed class FileChangedException(string message) : IOException(message);
}

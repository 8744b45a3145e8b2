using System.Buffers;
using System.Security.Cryptography;

namespace AzSync.Core.Hashing;

/// <summary>A file that could not be hashed, and why; the rest of the run goes on without it.</summary>
public sealed record HashFailure(string FullPath, string Reason);

/// <summary>
/// Stage 3: the whole-file MD5 of every selected file, each read once, several at a time, with one pooled
/// buffer per reader so memory stays bounded whatever the sizes. A file whose size or modification time moves
/// while it is read is read again (it was being written); after a few tries it is reported, never guessed.
/// </summary>
public sealed class FileHasher(int parallelism, int maxAttempts = 3, TimeSpan? retryDelay = null)
{
    private const int BufferSize = 1 << 20;

    /// <summary>Called after each read, before the file is checked again; tests use it to change a file mid-read.</summary>
    internal Action<string>? AfterRead { get; init; }

    public async Task<(IReadOnlyList<LocalFile?> Files, IReadOnlyList<HashFailure> Failures)> HashAsync(
        IReadOnlyList<string> paths, IProgress<long>? bytesRead, CancellationToken ct)
    {
        var files = new LocalFile?[paths.Count];
        var failures = new System.Collections.Concurrent.ConcurrentBag<HashFailure>();
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct },
            async (i, token) =>
            {
                try
                {
                    files[i] = await HashOneAsync(paths[i], bytesRead, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failures.Add(new HashFailure(paths[i], e is FileChangedException ? e.Message : $"cannot read: {e.Message}"));
                }
            }).ConfigureAwait(false);
        return (files, failures.OrderBy(f => f.FullPath, StringComparer.Ordinal).ToList());
    }

    public async Task<LocalFile> HashOneAsync(string path, IProgress<long>? bytesRead, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var before = Stat(path);
                if (!before.Exists) throw new FileNotFoundException("the file disappeared before it could be read", path);
                long length = 0;
                byte[] md5;
                using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
                // Synchronous reads: .NET's async file reads on Linux are thread-pool reads with extra hops, and the
                // readers already run in parallel, so plain reads are both simpler and faster here.
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
                {
                    int read;
                    while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        hash.AppendData(buffer, 0, read);
                        length += read;
                        bytesRead?.Report(read);
                    }
                    md5 = hash.GetHashAndReset();
                }
                AfterRead?.Invoke(path);
                var after = Stat(path);
                if (after.Exists && after.Length == before.Length && after.Length == length && after.LastWriteTimeUtc == before.LastWriteTimeUtc)
                    return new LocalFile(path, length, md5);
                if (attempt >= maxAttempts)
                    throw new FileChangedException($"the file kept changing while it was read ({maxAttempts} tries); sync it again once it is finished");
                await Task.Delay((retryDelay ?? TimeSpan.FromMilliseconds(250)) * attempt, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A followed symlink is judged by what it points to: the link's own size and time never change with the content.
    private static FileInfo Stat(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
    }

    private sealed class FileChangedException(string message) : IOException(message);
}

using System.Security.Cryptography;
using Azure;
using Azure.Storage.Files.Shares.Models;

namespace AzSync.Azure.Files;

/// <summary>
/// The index file beside the data: read once per run, however many listings and writes ask for it at the same
/// time, and written back whole. The SDK retries a request, not the reading of its body, and a body cut short is
/// as likely as any other network fault: the read is retried as a whole, and an index that still cannot be read
/// is done without (every file then costs a property read, which is slower but never wrong).
/// </summary>
internal sealed class FileIndexFile(FileShareClients clients, string path, Action<string>? note)
{
    private const int ReadAttempts = 3;
    private readonly Lock _gate = new();
    private Task<FileShareIndex>? _load;

    /// <summary>
    /// Null until read, and when it could not be: an index saved over it would forget every file not written now.
    /// </summary>
    public FileShareIndex? Loaded =>
        _load is { IsCompletedSuccessfully: true } done && !_unreadable ? done.Result : null;
    private bool _unreadable;

    public Task<FileShareIndex> LoadAsync(CancellationToken ct)
    {
        lock (_gate) return _load ??= ReadAsync(ct);
    }

    private async Task<FileShareIndex> ReadAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var download = await clients.File(path).DownloadAsync(cancellationToken: ct).ConfigureAwait(false);
                await using var content = download.Value.Content;
                // Sized to the body (no doubling copies) and parsed where it lies: at 200,000 files it is ~10 MB.
                var buffer = new MemoryStream((int)Math.Min(download.Value.ContentLength, 1 << 30));
                await content.CopyToAsync(buffer, ct).ConfigureAwait(false);
                buffer.Position = 0;
                return FileShareIndex.Read(buffer);
            }
            catch (RequestFailedException e) when (e.Is(404))
            {
                return FileShareIndex.Empty();
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is IOException or RequestFailedException
                                          or AggregateException or OperationCanceledException)
            {
                if (attempt < ReadAttempts) continue;
                _unreadable = true;
                note?.Invoke($"the index '{FileShareIndex.FileName}' could not be read ({e.GetType().Name}); " +
                             "every file's MD5 is read instead this run.");
                return FileShareIndex.Empty();
            }
        }
    }

    public async Task SaveAsync(FileShareIndex index, CancellationToken ct)
    {
        var stored = index.Serialize();
        var file = clients.File(path);
        await file.CreateAsync(stored.Length, new ShareFileCreateOptions
        {
            HttpHeaders = new ShareFileHttpHeaders
            {
                ContentType = "application/json",
                ContentEncoding = ["gzip"],
                ContentHash = MD5.HashData(stored),
            },
        }, cancellationToken: ct).ConfigureAwait(false);
        for (var offset = 0; offset < stored.Length; offset += RangeWriter.MaxRange)
        {
            var length = Math.Min(RangeWriter.MaxRange, stored.Length - offset);
            var range = new MemoryStream(stored, offset, length, writable: false);
            await file.UploadRangeAsync(new HttpRange(offset, length), range, cancellationToken: ct)
                .ConfigureAwait(false);
        }
    }
}

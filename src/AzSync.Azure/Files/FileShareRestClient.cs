using System.Globalization;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;

namespace AzSync.Azure.Files;

public sealed record FileShareItem(string Name, bool IsDirectory, long Size, string? ETag);

public sealed record FileSharePage(IReadOnlyList<FileShareItem> Items, string? NextMarker);

/// <summary>
/// The Azure Files REST operations azsync uses, one method each. Paths are relative to the share and encoded
/// here; trailing dots are kept by the x-ms-allow-trailing-dot header the client options add to every request.
/// </summary>
public sealed class FileShareRestClient(HttpPipeline pipeline, Uri shareUri)
{
    public Uri ShareUri => shareUri;

    /// <summary>A one-item listing of the root: works with a share SAS, a key or a token alike.</summary>
    public async Task<bool> ShareExistsAsync(CancellationToken ct)
    {
        using var message = Create(RequestMethod.Get, "", ("restype", "directory"), ("comp", "list"), ("maxresults", "1"));
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 404) return false;
        Ensure(message, "Listing the share", 200);
        return true;
    }

    public async Task CreateShareAsync(CancellationToken ct)
    {
        using var message = Create(RequestMethod.Put, "", ("restype", "share"));
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 409) return;
        Ensure(message, "Creating the share", 201);
    }

    /// <returns>False when the directory does not exist.</returns>
    public async Task<FileSharePage?> ListAsync(string directory, string? marker, CancellationToken ct)
    {
        var query = new List<(string, string)> { ("restype", "directory"), ("comp", "list"), ("include", "Timestamps,ETag") };
        if (!string.IsNullOrEmpty(marker)) query.Add(("marker", marker));
        using var message = Create(RequestMethod.Get, directory, [.. query]);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 404 && directory.Length > 0) return null;
        Ensure(message, $"Listing '{directory}'", 200);
        var root = XDocument.Load(message.Response.ContentStream!).Root!;
        var items = root.Element("Entries")?.Elements().Select(e =>
        {
            var p = e.Element("Properties");
            var length = p?.Element("Content-Length")?.Value;
            return new FileShareItem(e.Element("Name")!.Value, e.Name.LocalName == "Directory",
                length is null ? 0 : long.Parse(length, CultureInfo.InvariantCulture), p?.Element("Etag")?.Value);
        }).ToList() ?? [];
        var next = root.Element("NextMarker")?.Value;
        return new FileSharePage(items, string.IsNullOrEmpty(next) ? null : next);
    }

    public async Task CreateDirectoryAsync(string path, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Put, path, ("restype", "directory"));
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 409) return; // exists already
        Ensure(message, $"Creating the directory '{path}'", 201);
    }

    public async Task DeleteDirectoryAsync(string path, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Delete, path, ("restype", "directory"));
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, $"Deleting the directory '{path}'", 202);
    }

    /// <summary>Creates (or truncates) a file of the given size with every content header set at once.</summary>
    public async Task CreateFileAsync(string path, long size, ContentHeaders headers, byte[] md5, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Put, path);
        var h = message.Request.Headers;
        h.SetValue("x-ms-type", "file");
        h.SetValue("x-ms-content-length", size.ToString(CultureInfo.InvariantCulture));
        h.SetValue("x-ms-content-md5", Convert.ToBase64String(md5));
        if (headers.ContentType is { } t) h.SetValue("x-ms-content-type", t);
        if (headers.CacheControl is { } c) h.SetValue("x-ms-cache-control", c);
        if (headers.ContentEncoding is { } e) h.SetValue("x-ms-content-encoding", e);
        if (headers.ContentDisposition is { } d) h.SetValue("x-ms-content-disposition", d);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, $"Creating '{path}'", 201);
    }

    public async Task PutRangeAsync(string path, long offset, ReadOnlyMemory<byte> data, byte[] md5, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Put, path, ("comp", "range"));
        message.Request.Headers.SetValue("x-ms-range", $"bytes={offset}-{offset + data.Length - 1}");
        message.Request.Headers.SetValue("x-ms-write", "update");
        message.Request.Headers.SetValue("Content-MD5", Convert.ToBase64String(md5));
        message.Request.Content = RequestContent.Create(data);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, $"Writing to '{path}'", 201);
    }

    /// <summary>Has the service copy a range of <paramref name="source"/> (a file of this share) into <paramref name="path"/>.</summary>
    public async Task PutRangeFromUrlAsync(string path, long offset, long length, string source, long sourceOffset, CopySourceGrant grant, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Put, path, ("comp", "range"));
        var h = message.Request.Headers;
        var url = FileUri(source).AbsoluteUri + (grant.SasQuery is null ? "" : "?" + grant.SasQuery);
        h.SetValue("x-ms-copy-source", url);
        if (grant.Header is not null) h.SetValue("x-ms-copy-source-authorization", grant.Header);
        h.SetValue("x-ms-source-allow-trailing-dot", "true");
        h.SetValue("x-ms-range", $"bytes={offset}-{offset + length - 1}");
        h.SetValue("x-ms-source-range", $"bytes={sourceOffset}-{sourceOffset + length - 1}");
        h.SetValue("x-ms-write", "update");
        message.Request.Content = RequestContent.Create(ReadOnlyMemory<byte>.Empty);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, $"Copying unchanged bytes into '{path}'", 201);
    }

    /// <summary>Moves <paramref name="source"/> over <paramref name="destination"/> in one step; returns the new ETag.</summary>
    /// <param name="replace">False fails with 409 ResourceAlreadyExists when the destination exists.</param>
    public async Task<string?> RenameAsync(string source, string destination, bool replace, string? ifMatch, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Put, destination, ("restype", "file"), ("comp", "rename"));
        message.Request.Headers.SetValue("x-ms-file-rename-source", FileUri(source).AbsoluteUri);
        message.Request.Headers.SetValue("x-ms-file-rename-replace-if-exists", replace ? "true" : "false");
        message.Request.Headers.SetValue("x-ms-source-allow-trailing-dot", "true");
        if (ifMatch is not null) message.Request.Headers.SetValue("If-Match", ifMatch);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, $"Moving the new '{destination}' into place", 200);
        return message.Response.Headers.ETag?.ToString("H");
    }

    public async Task<(long Size, byte[]? Md5, string? ETag)?> GetPropertiesAsync(string path, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Head, path);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 404) return null;
        Ensure(message, $"Reading the properties of '{path}'", 200);
        var h = message.Response.Headers;
        h.TryGetValue("Content-MD5", out var md5);
        return (h.ContentLength ?? 0, string.IsNullOrEmpty(md5) ? null : Convert.FromBase64String(md5), h.ETag?.ToString("H"));
    }

    public async Task<Stream?> DownloadAsync(string path, CancellationToken ct)
    {
        var message = Create(RequestMethod.Get, path);
        message.BufferResponse = false;
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 404) return null;
        Ensure(message, $"Downloading '{path}'", 200);
        return message.ExtractResponseContent();
    }

    public async Task DeleteFileAsync(string path, string? ifMatch, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Delete, path);
        if (ifMatch is not null) message.Request.Headers.SetValue("If-Match", ifMatch);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 404 && ifMatch is null) return;
        Ensure(message, $"Deleting '{path}'", 202);
    }

    public async Task UploadAsync(string path, byte[] content, ContentHeaders headers, byte[] md5, CancellationToken ct)
    {
        await CreateFileAsync(path, content.Length, headers, md5, ct).ConfigureAwait(false);
        for (var offset = 0; offset < content.Length; offset += FileShareStore.MaxRange)
        {
            var part = content.AsMemory(offset, Math.Min(FileShareStore.MaxRange, content.Length - offset));
            await PutRangeAsync(path, offset, part, System.Security.Cryptography.MD5.HashData(part.Span), ct).ConfigureAwait(false);
        }
    }

    private Uri FileUri(string path)
    {
        var uri = new RequestUriBuilder();
        uri.Reset(shareUri);
        uri.AppendPath("/" + UriPath.EncodePath(path), escape: false);
        return uri.ToUri();
    }

    private HttpMessage Create(RequestMethod method, string path, params (string Name, string Value)[] query)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(shareUri);
        if (path.Length > 0) message.Request.Uri.AppendPath("/" + UriPath.EncodePath(path), escape: false);
        foreach (var (n, v) in query) message.Request.Uri.AppendQuery(n, v, escapeValue: true);
        return message;
    }

    private static void Ensure(HttpMessage message, string what, int expected)
    {
        if (message.Response.Status != expected) throw StorageErrors.Create(message.Response, what);
    }
}

using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;

namespace AzSync.Azure.Blobs;

public sealed record BlobItem(string Name, long Size, byte[]? ContentMd5, string ETag, ContentHeaders Headers);

public sealed record BlobPage(IReadOnlyList<BlobItem> Items, string? NextMarker);

/// <summary>If-None-Match: * (create only) or If-Match: etag (replace only that version).</summary>
public sealed record BlobConditions(string? IfMatch = null, bool IfNoneMatchAny = false)
{
    public static BlobConditions None { get; } = new();

    internal void Apply(Request request)
    {
        if (IfMatch is not null) request.Headers.SetValue("If-Match", IfMatch);
        if (IfNoneMatchAny) request.Headers.SetValue("If-None-Match", "*");
    }
}

/// <summary>
/// The Blob REST operations azsync uses, one method each, on an Azure.Core pipeline. Only this layer knows HTTP;
/// failures surface as <see cref="RequestFailedException"/> with the service's error code.
/// </summary>
public sealed class BlobRestClient(HttpPipeline pipeline, Uri containerUri)
{
    /// <summary>
    /// Asks with a one-item listing rather than Get Container Properties: a container SAS may list but never read
    /// container properties, and a sync needs the list permission anyway.
    /// </summary>
    public async Task<bool> ContainerExistsAsync(CancellationToken ct)
    {
        using var message = Create(RequestMethod.Get, null, ("restype", "container"), ("comp", "list"), ("maxresults", "1"));
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 404) return false;
        Ensure(message, "Listing the container", 200);
        return true;
    }

    public async Task CreateContainerAsync(CancellationToken ct)
    {
        using var message = Create(RequestMethod.Put, null, ("restype", "container"));
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 409) return; // created meanwhile by someone else: fine
        Ensure(message, "Creating the container", 201);
    }

    public async Task<BlobPage> ListBlobsAsync(string prefix, string? marker, int maxResults, CancellationToken ct)
    {
        var query = new List<(string, string)> { ("restype", "container"), ("comp", "list"), ("maxresults", maxResults.ToString(CultureInfo.InvariantCulture)) };
        if (prefix.Length > 0) query.Add(("prefix", prefix));
        if (!string.IsNullOrEmpty(marker)) query.Add(("marker", marker));
        using var message = Create(RequestMethod.Get, null, [.. query]);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, "Listing the container", 200);
        var root = XDocument.Load(message.Response.ContentStream!).Root!;
        var items = root.Element("Blobs")?.Elements("Blob").Select(b =>
        {
            var p = b.Element("Properties")!;
            var md5 = p.Element("Content-MD5")?.Value;
            string? Header(string name) => p.Element(name)?.Value is { Length: > 0 } v ? v : null;
            return new BlobItem(b.Element("Name")!.Value, long.Parse(p.Element("Content-Length")!.Value, CultureInfo.InvariantCulture),
                string.IsNullOrEmpty(md5) ? null : Convert.FromBase64String(md5), p.Element("Etag")?.Value ?? "",
                new ContentHeaders(Header("Content-Type"), Header("Cache-Control"), Header("Content-Encoding"), Header("Content-Disposition")));
        }).ToList() ?? [];
        var next = root.Element("NextMarker")?.Value;
        return new BlobPage(items, string.IsNullOrEmpty(next) ? null : next);
    }

    public async Task<string> PutBlobAsync(string name, Stream content, long length, ContentHeaders headers, byte[] md5, BlobConditions conditions, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Put, name);
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        message.Request.Headers.SetValue("Content-MD5", Convert.ToBase64String(md5));
        SetBlobHeaders(message.Request, headers, md5);
        conditions.Apply(message.Request);
        message.Request.Content = RequestContent.Create(new LengthLimitedStream(content, length));
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, $"Uploading '{name}'", 201);
        return ETagOf(message.Response);
    }

    public async Task PutBlockAsync(string name, string blockId, ReadOnlyMemory<byte> data, byte[] md5, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Put, name, ("comp", "block"), ("blockid", blockId));
        message.Request.Headers.SetValue("Content-MD5", Convert.ToBase64String(md5));
        message.Request.Content = RequestContent.Create(data);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, $"Uploading a block of '{name}'", 201);
    }

    /// <param name="blocks">In file order; Committed for reused blocks, Latest for the ones just staged.</param>
    public async Task<string> PutBlockListAsync(string name, IEnumerable<(string Id, bool Committed)> blocks, ContentHeaders headers,
        byte[] md5, BlobConditions conditions, CancellationToken ct)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var (id, committed) in blocks)
            xml.Append(committed ? "<Committed>" : "<Latest>").Append(id).Append(committed ? "</Committed>" : "</Latest>");
        xml.Append("</BlockList>");
        using var message = Create(RequestMethod.Put, name, ("comp", "blocklist"));
        SetBlobHeaders(message.Request, headers, md5);
        conditions.Apply(message.Request);
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, $"Committing the blocks of '{name}'", 201);
        return ETagOf(message.Response);
    }

    /// <summary>The committed block IDs, or none when the blob is missing or was written in one piece.</summary>
    public async Task<IReadOnlyList<(string Id, long Size)>> GetCommittedBlocksAsync(string name, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Get, name, ("comp", "blocklist"), ("blocklisttype", "committed"));
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 404) return [];
        Ensure(message, $"Reading the block list of '{name}'", 200);
        var root = XDocument.Load(message.Response.ContentStream!).Root!;
        return root.Element("CommittedBlocks")?.Elements("Block")
            .Select(b => (b.Element("Name")!.Value, long.Parse(b.Element("Size")!.Value, CultureInfo.InvariantCulture))).ToList() ?? [];
    }

    /// <returns>Null when the blob does not exist.</returns>
    public async Task<(long Size, byte[]? Md5)?> GetPropertiesAsync(string name, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Head, name);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 404) return null;
        Ensure(message, $"Reading the properties of '{name}'", 200);
        var h = message.Response.Headers;
        h.TryGetValue("Content-MD5", out var md5);
        return (h.ContentLength ?? 0, string.IsNullOrEmpty(md5) ? null : Convert.FromBase64String(md5));
    }

    public async Task<Stream> DownloadAsync(string name, CancellationToken ct)
    {
        var message = Create(RequestMethod.Get, name);
        message.BufferResponse = false;
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        Ensure(message, $"Downloading '{name}'", 200);
        return message.ExtractResponseContent()!;
    }

    public async Task DeleteBlobAsync(string name, string? ifMatch, CancellationToken ct)
    {
        using var message = Create(RequestMethod.Delete, name);
        new BlobConditions(ifMatch).Apply(message.Request);
        await pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.Status == 404 && ifMatch is null) return;
        Ensure(message, $"Deleting '{name}'", 202);
    }

    private HttpMessage Create(RequestMethod method, string? blobName, params (string Name, string Value)[] query)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(containerUri);
        if (blobName is not null) message.Request.Uri.AppendPath("/" + UriPath.EncodePath(blobName), escape: false);
        foreach (var (n, v) in query) message.Request.Uri.AppendQuery(n, v, escapeValue: true);
        return message;
    }

    private static void SetBlobHeaders(Request request, ContentHeaders headers, byte[] md5)
    {
        // Put Blob and Put Block List replace every property: send them all, every time.
        request.Headers.SetValue("x-ms-blob-content-md5", Convert.ToBase64String(md5));
        if (headers.ContentType is { } t) request.Headers.SetValue("x-ms-blob-content-type", t);
        if (headers.CacheControl is { } c) request.Headers.SetValue("x-ms-blob-cache-control", c);
        if (headers.ContentEncoding is { } e) request.Headers.SetValue("x-ms-blob-content-encoding", e);
        if (headers.ContentDisposition is { } d) request.Headers.SetValue("x-ms-blob-content-disposition", d);
    }

    private static void Ensure(HttpMessage message, string what, int expected)
    {
        if (message.Response.Status != expected) throw StorageErrors.Create(message.Response, what);
    }

    private static string ETagOf(Response response) => response.Headers.ETag?.ToString("H") ?? "";
}

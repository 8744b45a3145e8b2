using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace AzSync.FilesEmulator;

internal sealed class FileHandlers(AccountStore store)
{
    private (DirNode Parent, FileNode File) Existing(Req req)
    {
        var (parent, node) = AccountStore.Resolve(store.GetShare(req.Share!), req.Segments);
        return node is FileNode f ? (parent, f) : throw FileError.NotFound();
    }

    private static void ContentHeaders(Req req, FileNode f)
    {
        string? H(string n) => req.HeaderOrNull(n) is { Length: > 0 } v ? v : null;
        f.ContentType = H("x-ms-content-type");
        f.ContentEncoding = H("x-ms-content-encoding");
        f.ContentLanguage = H("x-ms-content-language");
        f.ContentDisposition = H("x-ms-content-disposition");
        f.CacheControl = H("x-ms-cache-control");
        f.ContentMd5 = H("x-ms-content-md5") is { } md5 ? Convert.FromBase64String(md5) : null;
    }

    public Task Create(Req req)
    {
        if (!long.TryParse(req.Header("x-ms-content-length"), out var length) || length < 0)
            throw FileError.MissingHeader("x-ms-content-length");
        lock (store.Gate)
        {
            var (parent, node) = AccountStore.Resolve(store.GetShare(req.Share!), req.Segments);
            if (node is DirNode) throw FileError.AlreadyExists();
            var old = node as FileNode;
            Leases.CheckWrite(req, old);
            // Create File over an existing file replaces it; the new
            // request's spelling of the name wins, the lease stays.
            if (old is not null) parent.Children.Remove(old.Name);
            var f = new FileNode
            {
                Name = req.Segments[^1],
                Metadata = Responses.ReadMetadata(req),
                Lease = old?.Lease,
            };
            ContentHeaders(req, f);
            f.Resize(length);
            Responses.ApplySmb(req, f, creating: true);
            parent.Children[f.Name] = f;
            Responses.Smb(req.Http.Response, f, parent);
        }
        req.Http.Response.StatusCode = 201;
        return Task.CompletedTask;
    }

    public async Task PutRange(Req req)
    {
        var range = Formats.Range(req.HeaderOrNull("x-ms-range") ?? req.HeaderOrNull("Range"))
            ?? throw FileError.MissingHeader("x-ms-range");
        if (range.End is null) throw FileError.InvalidHeader("x-ms-range", "The range must have an end.");
        var (start, end) = (range.Start, range.End.Value);
        var write = req.Header("x-ms-write");
        var body = new MemoryStream();
        await req.Http.Request.Body.CopyToAsync(body);
        var data = body.ToArray();
        if (write == "update")
        {
            if (end - start + 1 > 4 * 1024 * 1024)
                throw new FileError(413, "RequestBodyTooLarge",
                    "The request body is too large and exceeds the maximum permissible limit.");
            if (data.Length != end - start + 1)
                throw new FileError(400, "InvalidHeaderValue",
                    "The value for one of the HTTP headers is not in the correct format.", "Content-Length");
            if (req.HeaderOrNull("Content-MD5") is { Length: > 0 } md5
                && md5 != Convert.ToBase64String(MD5.HashData(data)))
                throw new FileError(400, "Md5Mismatch",
                    "The MD5 value specified in the request did not match " +
                    "with the MD5 value calculated by the server.");
        }
        else if (write == "clear")
        {
            if (data.Length != 0) throw FileError.InvalidHeader("Content-Length", "Clear takes no body.");
        }
        else throw FileError.InvalidHeader("x-ms-write", "x-ms-write must be update or clear.");
        lock (store.Gate)
        {
            var (parent, f) = Existing(req);
            Leases.CheckWrite(req, f);
            ReadOnly.Refuse(f);
            if (end >= f.Length)
                throw new FileError(416, "InvalidRange",
                    "The range specified is invalid for the current size of the resource.");
            if (write == "update") f.Write(start, data); else f.ClearRange(start, end);
            f.LastWriteTime = DateTimeOffset.UtcNow;
            f.Touch();
            Responses.Etag(req.Http.Response, f);
            req.Http.Response.Headers["x-ms-request-server-encrypted"] = "true";
            req.Http.Response.Headers["x-ms-file-last-write-time"] = Formats.Iso(f.LastWriteTime);
            if (write == "update") req.Http.Response.Headers.ContentMD5 = Convert.ToBase64String(MD5.HashData(data));
        }
        req.Http.Response.StatusCode = 201;
    }

    public async Task Get(Req req, bool head)
    {
        byte[] payload;
        var r = req.Http.Response;
        lock (store.Gate)
        {
            var (parent, f) = Existing(req);
            Leases.CheckRead(req, f);
            var range = head ? null : Formats.Range(req.HeaderOrNull("x-ms-range") ?? req.HeaderOrNull("Range"));
            var rangeMd5 = !head && req.Flag("x-ms-range-get-content-md5");
            if (rangeMd5 && range is null)
                throw FileError.InvalidHeader("x-ms-range-get-content-md5",
                    "x-ms-range-get-content-md5 needs a range.");
            if (rangeMd5 && (range!.Value.End ?? f.Length - 1) - range.Value.Start + 1 > 4 * 1024 * 1024)
                throw FileError.InvalidHeader("x-ms-range-get-content-md5",
                    "The range exceeds 4 MiB; its MD5 is not returned.");
            Responses.Smb(r, f, parent);
            Responses.Metadata(r, f);
            Leases.Headers(r, f);
            r.Headers["x-ms-type"] = "File";
            r.Headers.AcceptRanges = "bytes";
            r.ContentType = f.ContentType ?? "application/octet-stream";
            if (f.ContentEncoding is { } ce) r.Headers.ContentEncoding = ce;
            if (f.ContentLanguage is { } cl) r.Headers.ContentLanguage = cl;
            if (f.ContentDisposition is { } cd) r.Headers.ContentDisposition = cd;
            if (f.CacheControl is { } cc) r.Headers.CacheControl = cc;
            if (range is { } rg)
            {
                if (rg.Start >= f.Length && !(f.Length == 0 && rg.Start == 0))
                    throw new FileError(416, "InvalidRange",
                        "The range specified is invalid for the current size of the resource.");
                var end = Math.Min(rg.End ?? f.Length - 1, f.Length - 1);
                payload = f.Content.AsSpan((int)rg.Start, (int)(end - rg.Start + 1)).ToArray();
                r.StatusCode = 206;
                r.Headers.ContentRange = $"bytes {rg.Start}-{end}/{f.Length}";
                if (f.ContentMd5 is { } md5) r.Headers["x-ms-content-md5"] = Convert.ToBase64String(md5);
                if (rangeMd5) r.Headers.ContentMD5 = Convert.ToBase64String(MD5.HashData(payload));
            }
            else
            {
                payload = head ? [] : (byte[])f.Content.Clone();
                r.StatusCode = 200;
                if (f.ContentMd5 is { } md5) r.Headers.ContentMD5 = Convert.ToBase64String(md5);
            }
            r.ContentLength = head ? f.Length : payload.Length;
        }
        if (!head) await r.Body.WriteAsync(payload);
    }

    public Task SetProperties(Req req)
    {
        lock (store.Gate)
        {
            var (parent, f) = Existing(req);
            Leases.CheckWrite(req, f);
            ContentHeaders(req, f); // headers not sent are cleared, as the service does
            if (req.HeaderOrNull("x-ms-content-length") is { } len)
                f.Resize(long.Parse(len, CultureInfo.InvariantCulture));
            Responses.ApplySmb(req, f, creating: false);
            f.Touch();
            Responses.Smb(req.Http.Response, f, parent);
        }
        req.Http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    public async Task GetRanges(Req req)
    {
        XElement root;
        lock (store.Gate)
        {
            var (_, f) = Existing(req);
            Leases.CheckRead(req, f);
            Responses.Etag(req.Http.Response, f);
            req.Http.Response.Headers["x-ms-content-length"] = f.Length.ToString(CultureInfo.InvariantCulture);
            var rg = Formats.Range(req.HeaderOrNull("x-ms-range") ?? req.HeaderOrNull("Range"));
            var (lo, hi) = rg is { } x ? (x.Start, x.End ?? long.MaxValue) : (0L, long.MaxValue);
            root = new XElement("Ranges", f.Ranges.Where(p => p.End >= lo && p.Start <= hi)
                .Select(p => new XElement("Range", new XElement("Start", Math.Max(p.Start, lo)),
                    new XElement("End", Math.Min(p.End, hi)))));
        }
        await Responses.Xml(req.Http.Response, 200, root);
    }

    public Task Delete(Req req)
    {
        lock (store.Gate)
        {
            var (parent, f) = Existing(req);
            Leases.CheckWrite(req, f);
            ReadOnly.Refuse(f);
            parent.Children.Remove(f.Name);
            parent.Touch();
        }
        req.Http.Response.StatusCode = 202;
        return Task.CompletedTask;
    }
}

using System.Text;
using System.Xml.Linq;

namespace AzSync.FilesEmulator;

internal static class Responses
{
    public static void Etag(HttpResponse r, Node n)
    {
        r.Headers.ETag = n.ETag;
        r.Headers.LastModified = Formats.Rfc1123(n.LastModified);
    }

    /// <summary>The SMB properties every file and directory response carries (the SDKs parse them).</summary>
    public static void Smb(HttpResponse r, Node n, DirNode? parent)
    {
        Etag(r, n);
        r.Headers["x-ms-request-server-encrypted"] = "true";
        r.Headers["x-ms-server-encrypted"] = "true";
        r.Headers["x-ms-file-attributes"] = n.Attributes;
        r.Headers["x-ms-file-creation-time"] = Formats.Iso(n.CreationTime);
        r.Headers["x-ms-file-last-write-time"] = Formats.Iso(n.LastWriteTime);
        r.Headers["x-ms-file-change-time"] = Formats.Iso(n.ChangeTime);
        r.Headers["x-ms-file-permission-key"] = n.PermissionKey;
        r.Headers["x-ms-file-id"] = n.FileId;
        r.Headers["x-ms-file-parent-id"] = parent?.FileId ?? "0";
    }

    public static void Metadata(HttpResponse r, Node n)
    {
        foreach (var (k, v) in n.Metadata) r.Headers["x-ms-meta-" + k] = v;
    }

    public static Dictionary<string, string> ReadMetadata(Req req)
    {
        var m = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in req.Http.Request.Headers)
            if (k.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase)) m[k[10..]] = v.ToString();
        return m;
    }

    /// <summary>Applies the SMB request headers (defaults: keep or now) to a node being created or updated.</summary>
    public static void ApplySmb(Req req, Node n, bool creating)
    {
        var now = DateTimeOffset.UtcNow;
        n.CreationTime =
            Formats.SmbTime(req.HeaderOrNull("x-ms-file-creation-time"), creating ? now : n.CreationTime, now);
        n.LastWriteTime =
            Formats.SmbTime(req.HeaderOrNull("x-ms-file-last-write-time"), creating ? now : n.LastWriteTime, now);
        var attrs = req.Header("x-ms-file-attributes");
        if (attrs.Length > 0 && attrs != "preserve")
        {
            var isDir = n is DirNode;
            var list = attrs.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(a => a != "None" && a != "Directory").ToList();
            if (isDir) list.Insert(0, "Directory");
            n.Attributes = list.Count == 0 ? "Archive" : string.Join(" | ", list);
        }
    }

    public static async Task Xml(HttpResponse r, int status, XElement root)
    {
        r.StatusCode = status;
        r.ContentType = "application/xml";
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + root.ToString(SaveOptions.DisableFormatting);
        var bytes = Encoding.UTF8.GetBytes(text);
        r.ContentLength = bytes.Length;
        await r.Body.WriteAsync(bytes);
    }

    public static async Task Error(HttpContext ctx, FileError e)
    {
        var r = ctx.Response;
        r.Headers["x-ms-error-code"] = e.Code;
        var root = new XElement("Error", new XElement("Code", e.Code),
            new XElement("Message",
                $"{e.Message}\nRequestId:{r.Headers["x-ms-request-id"]}\nTime:{Formats.Iso(DateTimeOffset.UtcNow)}"));
        if (e.HeaderName is not null) root.Add(new XElement("HeaderName", e.HeaderName));
        if (ctx.Request.Method == "HEAD") { r.StatusCode = e.Status; return; }
        await Xml(r, e.Status, root);
    }
}

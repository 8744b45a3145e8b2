using System.Xml.Linq;

namespace AzSync.FilesEmulator;

/// <summary>List Directories and Files: prefix, marker/NextMarker paging, maxresults, include.</summary>
internal sealed class Listing(AccountStore store)
{
    public async Task List(Req req)
    {
        string Q(string n) => req.Query.TryGetValue(n, out var v) ? v : "";
        var prefix = Q("prefix");
        var marker = XmlSafe.FromMarker(Q("marker"));
        var encode = XmlSafe.Applies(req.Version);
        var max = int.TryParse(Q("maxresults"), out var m) && m > 0 ? Math.Min(m, 5000) : 5000;
        var include = Q("include").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        XElement root;
        lock (store.Gate)
        {
            var (_, node) = AccountStore.Resolve(store.GetShare(req.Share!), req.Segments);
            if (node is not DirNode dir) throw FileError.NotFound();
            var items = dir.Children.Values
                .Where(c => c.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.Ordinal)
                .Where(c => marker.Length == 0 || StringComparer.OrdinalIgnoreCase.Compare(c.Name, marker) >= 0)
                .ToList();
            var page = items.Take(max).ToList();
            var next = items.Count > max ? XmlSafe.ToMarker(items[max].Name) : "";
            var path = string.Join("/", req.Segments);
            var baseUri = $"{req.Http.Request.Scheme}://{req.Http.Request.Host}/{req.Account}/";
            root = new XElement("EnumerationResults",
                new XAttribute("ServiceEndpoint", baseUri), new XAttribute("ShareName", req.Share!),
                new XAttribute("DirectoryPath", encode && XmlSafe.Needs(path) ? Uri.EscapeDataString(path) : path));
            if (encode && XmlSafe.Needs(path)) root.Add(new XAttribute("Encoded", "true"));
            if (prefix.Length > 0) root.Add(XmlSafe.Element("Prefix", prefix, encode));
            if (marker.Length > 0) root.Add(new XElement("Marker", XmlSafe.ToMarker(marker)));
            if (req.Query.ContainsKey("maxresults")) root.Add(new XElement("MaxResults", max));
            root.Add(new XElement("DirectoryId", dir.FileId));
            root.Add(new XElement("Entries", page.Select(c => Entry(c, include, encode))));
            root.Add(new XElement("NextMarker", next));
        }
        await Responses.Xml(req.Http.Response, 200, root);
    }

    private static XElement Entry(Node n, HashSet<string> include, bool encode)
    {
        var props = new XElement("Properties");
        if (n is FileNode f) props.Add(new XElement("Content-Length", f.Length));
        if (include.Contains("Timestamps"))
        {
            props.Add(new XElement("CreationTime", Formats.Iso(n.CreationTime)),
                new XElement("LastAccessTime", Formats.Iso(n.LastModified)),
                new XElement("LastWriteTime", Formats.Iso(n.LastWriteTime)),
                    new XElement("ChangeTime", Formats.Iso(n.ChangeTime)),
                new XElement("Last-Modified", Formats.Rfc1123(n.LastModified)));
        }
        if (include.Contains("ETag")) props.Add(new XElement("Etag", n.ETag));
        var e = new XElement(n is FileNode ? "File" : "Directory", XmlSafe.Element("Name", n.Name, encode),
            new XElement("FileId", n.FileId), props);
        if (include.Contains("Attributes")) e.Add(new XElement("Attributes", n.Attributes));
        if (include.Contains("PermissionKey")) e.Add(new XElement("PermissionKey", n.PermissionKey));
        return e;
    }
}

namespace AzSync.FilesEmulator;

/// <summary>Rename File / Rename Directory: PUT on the destination with comp=rename and x-ms-file-rename-source.</summary>
internal sealed class RenameHandler(AccountStore store)
{
    public Task Rename(Req req)
    {
        var source = req.HeaderOrNull("x-ms-file-rename-source") ?? throw FileError.MissingHeader("x-ms-file-rename-source");
        // The source is a URL or an absolute path; only its path within the same share matters.
        var path = Uri.TryCreate(source, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http") ? u.AbsolutePath : source.Split('?')[0];
        var parts = Uri.UnescapeDataString(path).TrimStart('/').Split('/', 3);
        if (parts.Length < 3 || parts[0] != req.Account || parts[1] != req.Share)
            throw FileError.InvalidHeader("x-ms-file-rename-source", "The rename source must be in the same share.");
        var srcSegments = Names.SplitPath(parts[2], req.Flag("x-ms-source-allow-trailing-dot"));
        var replace = req.Flag("x-ms-file-rename-replace-if-exists");
        lock (store.Gate)
        {
            var share = store.GetShare(req.Share!);
            var (srcParent, src) = store.Resolve(share, srcSegments);
            if (src is null) throw FileError.NotFound();
            Leases.CheckRenameSource(req, src);
            var (dstParent, dst) = store.Resolve(share, req.Segments);
            if (dst is null) Leases.CheckWrite(req, null, "x-ms-destination-lease-id"); // a lease id for no lease fails
            if (dst is not null && !ReferenceEquals(dst, src))
            {
                if (!replace || dst is DirNode) throw FileError.AlreadyExists();
                Leases.CheckWrite(req, (FileNode)dst, "x-ms-destination-lease-id");
                dstParent.Children.Remove(dst.Name);
            }
            srcParent.Children.Remove(src.Name);
            src.Name = req.Segments[^1];
            if (src is DirNode d) d.Parent = dstParent;
            dstParent.Children[src.Name] = src;
            src.Touch();
            srcParent.Touch();
            dstParent.Touch();
            Responses.Smb(req.Http.Response, src, dstParent);
        }
        req.Http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }
}

namespace AzSync.FilesEmulator;

/// <summary>Rename File / Rename Directory: PUT on the destination
/// with comp=rename and x-ms-file-rename-source.</summary>
internal sealed class RenameHandler(AccountStore store, Auth auth)
{
    public Task Rename(Req req)
    {
        // What the source's own SAS must allow: what this rename needs (the docs name no other permission).
        var isDirectory = req.Query.ContainsKey("restype");
        var op = new OperationInfo(isDirectory ? "RenameDirectory" : "RenameFile", 'w', false, isDirectory,
            _ => Task.CompletedTask);
        var source = SourceUrl.Parse(req, "x-ms-file-rename-source");
        if (source.Account != req.Account || source.Share != req.Share)
            throw FileError.InvalidHeader("x-ms-file-rename-source", "The rename source must be in the same share.");
        auth.AuthorizeRenameSource(req, source, op);
        var srcSegments = source.Segments;
        var replace = req.Flag("x-ms-file-rename-replace-if-exists");
        var ignoreReadOnly = req.Flag("x-ms-file-rename-ignore-readonly");
        if (ignoreReadOnly && !replace)
            throw FileError.InvalidHeader("x-ms-file-rename-ignore-readonly",
                "x-ms-file-rename-ignore-readonly needs x-ms-file-rename-replace-if-exists: true.");
        lock (store.Gate)
        {
            var share = store.GetShare(req.Share!);
            var (srcParent, src) = AccountStore.Resolve(share, srcSegments);
            if (src is null) throw FileError.NotFound();
            Leases.CheckRenameSource(req, src);
            var (dstParent, dst) = AccountStore.Resolve(share, req.Segments);
            if (dst is null) Leases.CheckWrite(req, null, "x-ms-destination-lease-id"); // a lease id for no lease fails
            if (dst is not null && !ReferenceEquals(dst, src))
            {
                if (!replace || dst is DirNode) throw FileError.AlreadyExists();
                Leases.CheckWrite(req, (FileNode)dst, "x-ms-destination-lease-id");
                if (!ignoreReadOnly) ReadOnly.Refuse(dst);
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

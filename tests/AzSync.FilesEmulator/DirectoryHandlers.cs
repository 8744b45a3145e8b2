namespace AzSync.FilesEmulator;

internal sealed class DirectoryHandlers(AccountStore store)
{
    public Task Create(Req req)
    {
        lock (store.Gate)
        {
            var share = store.GetShare(req.Share!);
            if (req.Segments.Count == 0) throw FileError.AlreadyExists();
            var (parent, node) = AccountStore.Resolve(share, req.Segments);
            if (node is not null) throw FileError.AlreadyExists();
            var dir = new DirNode { Name = req.Segments[^1], Parent = parent, Metadata = Responses.ReadMetadata(req) };
            Responses.ApplySmb(req, dir, creating: true);
            parent.Children[dir.Name] = dir;
            Responses.Smb(req.Http.Response, dir, parent);
        }
        req.Http.Response.StatusCode = 201;
        return Task.CompletedTask;
    }

    public Task Delete(Req req)
    {
        lock (store.Gate)
        {
            var (parent, node) = AccountStore.Resolve(store.GetShare(req.Share!), req.Segments);
            if (node is not DirNode dir || req.Segments.Count == 0) throw FileError.NotFound();
            if (dir.Children.Count > 0)
                throw new FileError(409, "DirectoryNotEmpty", "The specified directory is not empty.");
            parent.Children.Remove(dir.Name);
            parent.Touch();
        }
        req.Http.Response.StatusCode = 202;
        return Task.CompletedTask;
    }

    public Task Properties(Req req)
    {
        lock (store.Gate)
        {
            var (parent, node) = AccountStore.Resolve(store.GetShare(req.Share!), req.Segments);
            if (node is not DirNode dir) throw FileError.NotFound();
            Responses.Smb(req.Http.Response, dir, req.Segments.Count == 0 ? null : parent);
            Responses.Metadata(req.Http.Response, dir);
        }
        req.Http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    public Task SetProperties(Req req)
    {
        lock (store.Gate)
        {
            var (parent, node) = AccountStore.Resolve(store.GetShare(req.Share!), req.Segments);
            if (node is not DirNode dir) throw FileError.NotFound();
            Responses.ApplySmb(req, dir, creating: false);
            dir.Touch();
            Responses.Smb(req.Http.Response, dir, req.Segments.Count == 0 ? null : parent);
        }
        req.Http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    public Task SetMetadata(Req req)
    {
        lock (store.Gate)
        {
            var (parent, node) = AccountStore.Resolve(store.GetShare(req.Share!), req.Segments);
            if (node is null) throw FileError.NotFound();
            if (node is FileNode f) Leases.CheckWrite(req, f);
            node.Metadata = Responses.ReadMetadata(req);
            node.Touch();
            Responses.Etag(req.Http.Response, node);
        }
        req.Http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }
}

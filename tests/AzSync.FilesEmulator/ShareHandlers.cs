using System.Globalization;

namespace AzSync.FilesEmulator;

internal sealed class ShareHandlers(AccountStore store)
{
    public Task Create(Req req)
    {
        Names.CheckShare(req.Share!);
        lock (store.Gate)
        {
            if (store.Shares.ContainsKey(req.Share!))
                throw new FileError(409, "ShareAlreadyExists", "The specified share already exists.");
            var share = new Share { Name = req.Share!, Metadata = Responses.ReadMetadata(req) };
            if (int.TryParse(req.Header("x-ms-share-quota"), out var q)) share.Quota = q;
            share.Root.CreationTime = share.Root.LastWriteTime = DateTimeOffset.UtcNow;
            store.Shares[share.Name] = share;
            Responses.Etag(req.Http.Response, share);
        }
        req.Http.Response.StatusCode = 201;
        return Task.CompletedTask;
    }

    public Task Delete(Req req)
    {
        lock (store.Gate)
        {
            store.GetShare(req.Share!);
            store.Shares.Remove(req.Share!);
        }
        req.Http.Response.StatusCode = 202;
        return Task.CompletedTask;
    }

    public Task Properties(Req req)
    {
        lock (store.Gate)
        {
            var share = store.GetShare(req.Share!);
            var r = req.Http.Response;
            Responses.Etag(r, share);
            Responses.Metadata(r, share);
            r.Headers["x-ms-share-quota"] = share.Quota.ToString(CultureInfo.InvariantCulture);
            r.Headers["x-ms-access-tier"] = "TransactionOptimized";
            r.Headers["x-ms-enabled-protocols"] = "SMB";
        }
        req.Http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }
}

namespace AzSync.FilesEmulator;

/// <summary>
/// Put Range From URL: the bytes of a range of another file of this account written into a range of this one, with
/// nothing in the body. Sizes and bounds are checked as the service checks them (at most 4 MiB, equal lengths).
/// </summary>
internal sealed class RangeCopyHandler(AccountStore store, Auth auth, FilesEmulatorOptions options)
{
    // Reading the source needs what Get File needs.
    private static readonly OperationInfo SourceRead = new("GetFile", 'r', false, false, _ => Task.CompletedTask);

    public Task PutRangeFromUrl(Req req)
    {
        var target = Formats.Range(req.HeaderOrNull("x-ms-range")) ?? throw FileError.MissingHeader("x-ms-range");
        var from =
            Formats.Range(req.HeaderOrNull("x-ms-source-range")) ?? throw FileError.MissingHeader("x-ms-source-range");
        if (target.End is null || from.End is null)
            throw FileError.InvalidHeader("x-ms-range", "Both ranges must have an end.");
        var length = target.End.Value - target.Start + 1;
        if (from.End.Value - from.Start + 1 != length)
            throw FileError.InvalidHeader("x-ms-source-range",
                "The source and destination ranges must have the same length.");
        if (length > 4 * 1024 * 1024)
            throw new FileError(413, "RequestBodyTooLarge", "The range exceeds the maximum of 4 MiB.");
        if (req.Header("x-ms-write") != "update")
            throw FileError.InvalidHeader("x-ms-write", "Put Range From URL takes only x-ms-write: update.");
        var source = SourceUrl.Parse(req, "x-ms-copy-source");
        if (source.Account != options.AccountName)
            throw new FileError(400, "CannotVerifyCopySource",
                $"The emulator copies only within its own account ('{options.AccountName}').");
        auth.AuthorizeCopySource(req, source, SourceRead);
        lock (store.Gate)
        {
            var (_, sourceNode) = AccountStore.Resolve(store.GetShare(source.Share), source.Segments);
            if (sourceNode is not FileNode src)
                throw new FileError(404, "CannotVerifyCopySource", "The specified copy source does not exist.");
            if (from.End.Value >= src.Length)
                throw new FileError(416, "InvalidRange", "The source range is beyond the end of the source file.");
            var (_, node) = AccountStore.Resolve(store.GetShare(req.Share!), req.Segments);
            if (node is not FileNode f) throw FileError.NotFound();
            Leases.CheckWrite(req, f); // the destination's lease; the source is only read
            ReadOnly.Refuse(f);
            if (target.End.Value >= f.Length)
                throw new FileError(416, "InvalidRange",
                    "The range specified is invalid for the current size of the resource.");
            f.Write(target.Start, src.Content.AsSpan((int)from.Start, (int)length).ToArray());
            f.LastWriteTime = DateTimeOffset.UtcNow;
            f.Touch();
            Responses.Etag(req.Http.Response, f);
            req.Http.Response.Headers["x-ms-request-server-encrypted"] = "true";
        }
        req.Http.Response.StatusCode = 201;
        return Task.CompletedTask;
    }
}

namespace AzSync.FilesEmulator;

/// <summary>A copy source named by URL: which share and path of this account, and the query it carried (its SAS).</summary>
internal sealed record CopySource(string Share, List<string> Segments, Dictionary<string, string> Query)
{
    public static CopySource Parse(Req req, string account)
    {
        if (!Uri.TryCreate(req.HeaderOrNull("x-ms-copy-source") ?? throw FileError.MissingHeader("x-ms-copy-source"), UriKind.Absolute, out var uri))
            throw FileError.InvalidHeader("x-ms-copy-source", "The copy source must be an absolute URL.");
        var parts = Uri.UnescapeDataString(uri.AbsolutePath).TrimStart('/').Split('/', 3);
        if (parts.Length < 3 || parts[0] != account)
            throw new FileError(400, "CannotVerifyCopySource", $"The emulator copies only within its own account ('{account}').");
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            query[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return new CopySource(parts[1], Names.SplitPath(parts[2], req.Flag("x-ms-source-allow-trailing-dot")), query);
    }
}

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
        var from = Formats.Range(req.HeaderOrNull("x-ms-source-range")) ?? throw FileError.MissingHeader("x-ms-source-range");
        if (target.End is null || from.End is null) throw FileError.InvalidHeader("x-ms-range", "Both ranges must have an end.");
        var length = target.End.Value - target.Start + 1;
        if (from.End.Value - from.Start + 1 != length) throw FileError.InvalidHeader("x-ms-source-range", "The source and destination ranges must have the same length.");
        if (length > 4 * 1024 * 1024) throw new FileError(413, "RequestBodyTooLarge", "The range exceeds the maximum of 4 MiB.");
        if (req.Header("x-ms-write") != "update") throw FileError.InvalidHeader("x-ms-write", "Put Range From URL takes only x-ms-write: update.");
        var source = CopySource.Parse(req, options.AccountName);
        auth.AuthorizeCopySource(req, source, SourceRead);
        lock (store.Gate)
        {
            var (_, sourceNode) = store.Resolve(store.GetShare(source.Share), source.Segments);
            if (sourceNode is not FileNode src) throw new FileError(404, "CannotVerifyCopySource", "The specified copy source does not exist.");
            if (from.End.Value >= src.Length) throw new FileError(416, "InvalidRange", "The source range is beyond the end of the source file.");
            var (_, node) = store.Resolve(store.GetShare(req.Share!), req.Segments);
            if (node is not FileNode f) throw FileError.NotFound();
            Leases.CheckWrite(req, f); // the destination's lease; the source is only read
            if (target.End.Value >= f.Length) throw new FileError(416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
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

namespace AzSync.FilesEmulator;

/// <summary>Maps method + restype/comp to an operation, authorizes
/// it, runs it, and writes service-shaped errors.</summary>
internal sealed class Dispatcher(FilesEmulatorOptions options, AccountStore store, RequestCounters counters)
{
    private readonly Auth _auth = new(options);
    private readonly ShareHandlers _shares = new(store);
    private readonly DirectoryHandlers _dirs = new(store);
    private readonly FileHandlers _files = new(store);
    private readonly Listing _listing = new(store);
    private readonly Leases _leases = new(store);
    private RangeCopyHandler? _rangeCopy;
    private RangeCopyHandler RangeCopy => _rangeCopy ??= new(store, _auth, options);
    private RenameHandler? _rename;
    private RenameHandler Renames => _rename ??= new(store, _auth);

    public async Task Handle(HttpContext ctx)
    {
        counters.Received();
        // A client may send its next request once it has this answer, before this method returns: the request
        // stops counting as in flight when its answer starts, or this method ends without one.
        var answered = 0;
        void Answered()
        {
            if (Interlocked.Exchange(ref answered, 1) == 0) counters.Answered();
        }
        ctx.Response.OnStarting(() => { Answered(); return Task.CompletedTask; });
        try
        {
            if (options.ResponseDelay > TimeSpan.Zero) await Task.Delay(options.ResponseDelay, ctx.RequestAborted);
            await Answer(ctx);
        }
        finally
        {
            Answered();
        }
    }

    private async Task Answer(HttpContext ctx)
    {
        var r = ctx.Response;
        r.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        r.Headers["x-ms-version"] =
            ctx.Request.Headers["x-ms-version"].ToString() is { Length: > 0 } v ? v : Versions.Newest;
        r.Headers["Server"] = "AzSync-FilesEmulator";
        r.Headers.Date = Formats.Rfc1123(DateTimeOffset.UtcNow);
        try
        {
            var req = Req.Parse(ctx);
            if (req.Account != options.AccountName)
                throw new FileError(400, "InvalidUri",
                    $"The account '{req.Account}' is not served by this emulator (it serves '{options.AccountName}').");
            var op = Route(req);
            counters.Count(op.Name);
            counters.Count("x-ms-version " + req.Version); // lets tests see what version real clients speak
            if (ctx.Request.Headers["x-ms-file-request-intent"].ToString() is { Length: > 0 } intent)
                counters.Count("x-ms-file-request-intent " + intent);

            _auth.Authorize(req, op);
            ConditionHeaders.Refuse(req);
            if (options.ServerBusy?.Invoke(string.Join('/', new[] { req.Share! }.Concat(req.Segments))) == true)
                throw new FileError(503, "ServerBusy", "Operations per second is over the account limit.");
            if (options.BeforeRun is { } hold)
                await hold(op.Name, string.Join('/', new[] { req.Share! }.Concat(req.Segments)), ctx.RequestAborted);
            await op.Run(req);
        }
        catch (FileError e)
        {
            counters.Count("Error");
            if (!r.HasStarted) await Responses.Error(ctx, e);
        }
        catch (FormatException e)
        {
            // A malformed header value (base64 MD5, a number) is the client's fault, as the service answers.
            counters.Count("Error");
            if (!r.HasStarted)
                await Responses.Error(ctx, new FileError(400, "InvalidHeaderValue",
                    "The value for one of the HTTP headers is not in the correct format. " + e.Message));
        }
    }

    private OperationInfo Route(Req req)
    {
        string Q(string n) => req.Query.TryGetValue(n, out var val) ? val : "";
        var (m, restype, comp) = (req.Http.Request.Method, Q("restype"), Q("comp"));
        if (req.Share is null) throw FileError.Unsupported("account-level operations");
        if (restype == "share" && req.Segments.Count == 0)
        {
            return (m, comp) switch
            {
                ("PUT", "") => new("CreateShare", 'c', true, false, _shares.Create),
                ("DELETE", "") => new("DeleteShare", 'd', true, false, _shares.Delete),
                ("GET" or "HEAD", "") => new("GetShareProperties", 'r', true, false, _shares.Properties),
                _ => throw FileError.Unsupported($"{m} restype=share&comp={comp}"),
            };
        }
        if (restype == "directory")
        {
            return (m, comp) switch
            {
                ("PUT", "") => new("CreateDirectory", 'c', false, true, _dirs.Create),
                ("PUT", "rename") => new("RenameDirectory", 'w', false, true, Renames.Rename),
                ("PUT", "properties") => new("SetDirectoryProperties", 'w', false, true, _dirs.SetProperties),
                ("PUT", "metadata") => new("SetDirectoryMetadata", 'w', false, true, _dirs.SetMetadata),
                ("DELETE", "") => new("DeleteDirectory", 'd', false, true, _dirs.Delete),
                ("GET" or "HEAD", "") => new("GetDirectoryProperties", 'r', false, true, _dirs.Properties),
                ("GET", "list") => new("ListFilesAndDirectories", 'l', false, true, _listing.List),
                _ => throw FileError.Unsupported($"{m} restype=directory&comp={comp}"),
            };
        }
        // The Swagger's restype values are service, share, directory and (NFS only) hardlink and symboliclink; the file
        // operations take none, not even "file".
        if (restype is "hardlink" or "symboliclink") throw FileError.Unsupported("NFS operations");
        if (restype.Length > 0)
            throw new FileError(400, "InvalidQueryParameterValue",
                "An invalid value was specified for one of the query parameters in the request URI: " +
                $"restype={restype}.");
        if (req.Segments.Count == 0) throw FileError.Unsupported($"{m} on a share without restype");
        return (m, comp) switch
        {
            ("PUT", "") when req.Header("x-ms-type") == "file" => new("CreateFile", 'c', false, false, _files.Create),
            ("PUT", "") => throw FileError.MissingHeader("x-ms-type"),
            ("PUT", "range") when req.HeaderOrNull("x-ms-copy-source") is not null =>
                new("PutRangeFromURL", 'w', false, false, RangeCopy.PutRangeFromUrl),
            ("PUT", "range") => new("PutRange", 'w', false, false, _files.PutRange),
            ("PUT", "properties") => new("SetFileProperties", 'w', false, false, _files.SetProperties),
            ("PUT", "metadata") => new("SetFileMetadata", 'w', false, false, _dirs.SetMetadata),
            ("PUT", "rename") => new("RenameFile", 'w', false, false, Renames.Rename),
            ("PUT", "lease") => new("LeaseFile", 'w', false, false, _leases.Lease),
            ("GET", "rangelist") => new("GetRanges", 'r', false, false, _files.GetRanges),
            ("GET", "") => new("GetFile", 'r', false, false, q => _files.Get(q, head: false)),
            ("HEAD", "") => new("GetFileProperties", 'r', false, false, q => _files.Get(q, head: true)),
            ("DELETE", "") => new("DeleteFile", 'd', false, false, _files.Delete),
            _ => throw FileError.Unsupported($"{m} comp={comp} on a file"),
        };
    }
}

namespace AzSync.FilesEmulator;

/// <summary>An infinite file lease; Broken keeps its id (a broken
/// lease can still be released). None = Available.</summary>
internal sealed record FileLease(string Id, bool Broken);

/// <summary>
/// Lease File (PUT comp=lease) and the rules a leased file imposes on other operations, from the Lease File page
/// ("Outcomes of use attempts / lease operations on files by lease state") and the codes the service answers.
/// </summary>
internal sealed class Leases(AccountStore store)
{
    private const string NoLease = "There is currently no lease on the file.";
    private const string Mismatch = "The lease ID specified did not match the lease ID for the file.";

    public Task Lease(Req req)
    {
        var r = req.Http.Response;
        var action = req.HeaderOrNull("x-ms-lease-action") ?? throw FileError.MissingHeader("x-ms-lease-action");
        lock (store.Gate)
        {
            var (_, node) = AccountStore.Resolve(store.GetShare(req.Share!), req.Segments);
            if (node is not FileNode f) throw FileError.NotFound();
            var held = f.Lease;
            switch (action)
            {
                case "acquire":
                    var duration =
                        req.HeaderOrNull("x-ms-lease-duration") ?? throw FileError.MissingHeader("x-ms-lease-duration");
                    if (duration != "-1")
                        throw FileError.InvalidHeader("x-ms-lease-duration",
                            "A file lease never expires: the duration must be -1.");
                    var proposed = Id(req, "x-ms-proposed-lease-id");
                    if (held is { Broken: false } && proposed != held.Id)
                        throw Conflict("LeaseAlreadyPresent", "There is already a lease present.");
                    f.Lease = new(proposed ?? Guid.NewGuid().ToString(), false);
                    r.Headers["x-ms-lease-id"] = f.Lease.Id;
                    r.StatusCode = 201;
                    break;
                case "change":
                    var current = Id(req, "x-ms-lease-id") ?? throw FileError.MissingHeader("x-ms-lease-id");
                    var next =
                        Id(req, "x-ms-proposed-lease-id") ?? throw FileError.MissingHeader("x-ms-proposed-lease-id");
                    if (held is null or { Broken: true }) throw Conflict("LeaseNotPresentWithLeaseOperation", NoLease);
                    // (A) to (B) and, repeated after a lost answer, (B) to (A) both succeed on Leased (A).
                    if (current != held.Id && next != held.Id)
                        throw Conflict("LeaseIdMismatchWithLeaseOperation", Mismatch);
                    f.Lease = new(next, false);
                    r.Headers["x-ms-lease-id"] = next;
                    r.StatusCode = 200;
                    break;
                case "release":
                    var id = Id(req, "x-ms-lease-id") ?? throw FileError.MissingHeader("x-ms-lease-id");
                    if (held is null) throw Conflict("LeaseNotPresentWithLeaseOperation", NoLease);
                    if (id != held.Id) throw Conflict("LeaseIdMismatchWithLeaseOperation", Mismatch);
                    f.Lease = null;
                    r.StatusCode = 200;
                    break;
                case "break":
                    // Any authorized request may break the lease; an infinite lease breaks at once.
                    if (held is null) throw Conflict("LeaseNotPresentWithLeaseOperation", NoLease);
                    f.Lease = held with { Broken = true };
                    r.Headers["x-ms-lease-time"] = "0";
                    r.StatusCode = 202;
                    break;
                default:
                    throw FileError.InvalidHeader("x-ms-lease-action",
                        "x-ms-lease-action must be acquire, change, release or break.");
            }
            Responses.Etag(r, f); // Lease File changes neither the ETag nor Last-Modified
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A write or delete: a leased file needs its lease id (412 LeaseIdMissing / LeaseIdMismatchWithFileOperation),
    /// and a lease id sent for a file without an active lease fails too (412 LeaseNotPresentWithFileOperation).
    /// </summary>
    public static void CheckWrite(Req req, FileNode? f, string header = "x-ms-lease-id")
    {
        var sent = Id(req, header);
        var active = f?.Lease is { Broken: false } l ? l.Id : null;
        if (active is null)
        {
            if (sent is not null) throw new FileError(412, "LeaseNotPresentWithFileOperation", NoLease);
            return;
        }
        if (sent is null)
            throw new FileError(412, "LeaseIdMissing",
                "There is currently a lease on the file and no lease ID was specified in the request.");
        if (sent != active) throw new FileError(412, "LeaseIdMismatchWithFileOperation", Mismatch);
    }

    /// <summary>Reads need no lease id; one that is sent is a condition, checked as a write's.</summary>
    public static void CheckRead(Req req, FileNode f)
    {
        if (req.HeaderOrNull("x-ms-lease-id") is not null) CheckWrite(req, f);
    }

    /// <summary>A leased rename source needs x-ms-source-lease-id; the docs
    /// say nothing of one sent for a source without a lease.</summary>
    public static void CheckRenameSource(Req req, Node src)
    {
        if (src is FileNode { Lease.Broken: false }) CheckWrite(req, (FileNode)src, "x-ms-source-lease-id");
    }

    /// <summary>Get File and Get File Properties report the lease.</summary>
    public static void Headers(HttpResponse r, FileNode f)
    {
        r.Headers["x-ms-lease-state"] =
            f.Lease switch { null => "available", { Broken: true } => "broken", _ => "leased" };
        r.Headers["x-ms-lease-status"] = f.Lease is { Broken: false } ? "locked" : "unlocked";
        if (f.Lease is { Broken: false }) r.Headers["x-ms-lease-duration"] = "infinite";
    }

    /// <summary>Lease ids are GUIDs in any format the service's
    /// Guid parser takes; kept in one canonical form.</summary>
    private static string? Id(Req req, string header)
    {
        if (req.HeaderOrNull(header) is not { } v) return null;
        return Guid.TryParse(v, out var g) ? g.ToString()
            : throw FileError.InvalidHeader(header, "The lease id is not a GUID.");
    }

    private static FileError Conflict(string code, string message) => new(409, code, message);
}

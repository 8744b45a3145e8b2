using System.Globalization;
using System.Net;
using AzSync.Testing;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>File leases as the Lease File page's outcome tables describe them, over raw REST.</summary>
public sealed class LeaseTests(FilesEmulatorFixture fx) : IClassFixture<FilesEmulatorFixture>
{
    private static readonly HttpMethod Put = HttpMethod.Put;
    private static readonly string A = Guid.NewGuid().ToString(), B = Guid.NewGuid().ToString();
    private readonly EmulatorClient _c = new(fx.BaseUri, fx.AccountName, fx.AccountKey);

    private async Task<string> NewFile(long size = 4)
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.Created, (await _c.Send(Put, $"/{share}?restype=share")).StatusCode);
        var path = $"/{share}/f";
        var create = new Dictionary<string, string>
        {
            ["x-ms-type"] = "file",
            ["x-ms-content-length"] = size.ToString(CultureInfo.InvariantCulture),
        };
        Assert.Equal(HttpStatusCode.Created, (await _c.Send(Put, path, create)).StatusCode);
        return path;
    }

    private Task<HttpResponseMessage> Lease(string path, string action, string? id = null, string? proposed = null,
        string? duration = "-1")
    {
        var h = new Dictionary<string, string> { ["x-ms-lease-action"] = action };
        if (action == "acquire" && duration is not null) h["x-ms-lease-duration"] = duration;
        if (id is not null) h["x-ms-lease-id"] = id;
        if (proposed is not null) h["x-ms-proposed-lease-id"] = proposed;
        return _c.Send(Put, path + "?comp=lease", h);
    }

    private static Task AssertError(HttpResponseMessage r, HttpStatusCode status, string code) =>
        EmulatorClient.AssertError(r, status, code);

    private static Dictionary<string, string> WithLease(string id, string header = "x-ms-lease-id") =>
        new() { [header] = id };

    private static string Header(HttpResponseMessage r, string name) => r.Headers.GetValues(name).Single();

    [Fact]
    public async Task Acquire_returns_the_proposed_id_and_reads_report_the_lease()
    {
        var f = await NewFile();
        var before = await _c.Send(HttpMethod.Head, f);
        Assert.Equal("available", Header(before, "x-ms-lease-state"));
        Assert.Equal("unlocked", Header(before, "x-ms-lease-status"));

        var acquired = await Lease(f, "acquire", proposed: A);
        Assert.Equal(HttpStatusCode.Created, acquired.StatusCode);
        Assert.Equal(A, Header(acquired, "x-ms-lease-id"));
        Assert.Equal(before.Headers.ETag, acquired.Headers.ETag); // Lease File does not modify the file

        var head = await _c.Send(HttpMethod.Head, f);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode); // reads need no lease id
        Assert.Equal(("leased", "locked", "infinite"),
            (Header(head, "x-ms-lease-state"), Header(head, "x-ms-lease-status"), Header(head, "x-ms-lease-duration")));
        Assert.Equal(HttpStatusCode.OK, (await _c.Send(HttpMethod.Get, f)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _c.Send(HttpMethod.Get, f, WithLease(A))).StatusCode);
        await AssertError(await _c.Send(HttpMethod.Get, f, WithLease(B)), HttpStatusCode.PreconditionFailed,
            "LeaseIdMismatchWithFileOperation");
    }

    [Fact]
    public async Task Acquire_follows_the_lease_state_table()
    {
        var f = await NewFile();
        var generated = await Lease(f, "acquire");
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var x = Header(generated, "x-ms-lease-id");
        Assert.True(Guid.TryParse(x, out _));
        await AssertError(await Lease(f, "acquire"), HttpStatusCode.Conflict, "LeaseAlreadyPresent");
        await AssertError(await Lease(f, "acquire", proposed: B), HttpStatusCode.Conflict, "LeaseAlreadyPresent");
        // same id: still Leased (X)
        Assert.Equal(HttpStatusCode.Created, (await Lease(f, "acquire", proposed: x)).StatusCode);
        await AssertError(await Lease(f, "acquire", proposed: B, duration: "60"), HttpStatusCode.BadRequest,
            "InvalidHeaderValue");
        await AssertError(await Lease(f, "acquire", proposed: B, duration: null), HttpStatusCode.BadRequest,
            "MissingRequiredHeader");
        await AssertError(await Lease(f, "acquire", proposed: "not-a-guid"), HttpStatusCode.BadRequest,
            "InvalidHeaderValue");
    }

    [Fact]
    public async Task Writes_and_deletes_need_the_active_lease_id()
    {
        var f = await NewFile();
        var body = new byte[] { 1, 2, 3, 4 };
        var range = new Dictionary<string, string> { ["x-ms-range"] = "bytes=0-3", ["x-ms-write"] = "update" };
        await AssertError(await _c.Send(Put, f + "?comp=range", new(range) { ["x-ms-lease-id"] = A }, body),
            HttpStatusCode.PreconditionFailed, "LeaseNotPresentWithFileOperation");
        Assert.Equal(HttpStatusCode.Created, (await Lease(f, "acquire", proposed: A)).StatusCode);

        await AssertError(await _c.Send(Put, f + "?comp=range", range, body), HttpStatusCode.PreconditionFailed,
            "LeaseIdMissing");
        await AssertError(await _c.Send(Put, f + "?comp=range", new(range) { ["x-ms-lease-id"] = B }, body),
            HttpStatusCode.PreconditionFailed, "LeaseIdMismatchWithFileOperation");
        await AssertError(await _c.Send(Put, f + "?comp=metadata"), HttpStatusCode.PreconditionFailed,
            "LeaseIdMissing");
        await AssertError(await _c.Send(Put, f + "?comp=properties"), HttpStatusCode.PreconditionFailed,
            "LeaseIdMissing");
        await AssertError(await _c.Send(Put, f, new() { ["x-ms-type"] = "file", ["x-ms-content-length"] = "1" }),
            HttpStatusCode.PreconditionFailed, "LeaseIdMissing");
        await AssertError(await _c.Send(HttpMethod.Delete, f), HttpStatusCode.PreconditionFailed, "LeaseIdMissing");
        await AssertError(await _c.Send(HttpMethod.Delete, f, WithLease(B)), HttpStatusCode.PreconditionFailed,
            "LeaseIdMismatchWithFileOperation");
        Assert.Equal(body.Length, (await _c.Send(HttpMethod.Get, f)).Content.Headers.ContentLength);
        // nothing written
        Assert.Equal(new byte[4], await (await _c.Send(HttpMethod.Get, f)).Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.Created,
            (await _c.Send(Put, f + "?comp=range", new(range) { ["x-ms-lease-id"] = A }, body)).StatusCode);
        Assert.Equal(body, await (await _c.Send(HttpMethod.Get, f)).Content.ReadAsByteArrayAsync());
        // Create File over the leased file with its id replaces the content and keeps the lease.
        Assert.Equal(HttpStatusCode.Created, (await _c.Send(Put, f,
            new() { ["x-ms-type"] = "file", ["x-ms-content-length"] = "2", ["x-ms-lease-id"] = A })).StatusCode);
        Assert.Equal("leased", Header(await _c.Send(HttpMethod.Head, f), "x-ms-lease-state"));
        Assert.Equal(HttpStatusCode.Accepted, (await _c.Send(HttpMethod.Delete, f, WithLease(A))).StatusCode);
    }

    [Fact]
    public async Task Change_release_and_break_follow_the_lease_state_table()
    {
        var f = await NewFile();
        await AssertError(await Lease(f, "break"), HttpStatusCode.Conflict, "LeaseNotPresentWithLeaseOperation");
        await AssertError(await Lease(f, "release", id: A), HttpStatusCode.Conflict,
            "LeaseNotPresentWithLeaseOperation");
        await AssertError(await Lease(f, "change", id: A, proposed: B), HttpStatusCode.Conflict,
            "LeaseNotPresentWithLeaseOperation");
        await Lease(f, "acquire", proposed: A);

        var changed = await Lease(f, "change", id: A, proposed: B);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(B, Header(changed, "x-ms-lease-id"));
        // (A) to (B) again on Leased (B)
        Assert.Equal(HttpStatusCode.OK, (await Lease(f, "change", id: A, proposed: B)).StatusCode);
        var c = Guid.NewGuid().ToString();
        await AssertError(await Lease(f, "change", id: A, proposed: c), HttpStatusCode.Conflict,
            "LeaseIdMismatchWithLeaseOperation");
        await AssertError(await Lease(f, "release", id: A), HttpStatusCode.Conflict,
            "LeaseIdMismatchWithLeaseOperation");

        var broken = await Lease(f, "break");
        Assert.Equal(HttpStatusCode.Accepted, broken.StatusCode);
        Assert.Equal("0", Header(broken, "x-ms-lease-time"));
        var head = await _c.Send(HttpMethod.Head, f);
        Assert.Equal(("broken", "unlocked"), (Header(head, "x-ms-lease-state"), Header(head, "x-ms-lease-status")));
        Assert.Equal(HttpStatusCode.Accepted, (await Lease(f, "break")).StatusCode);
        // Broken: writes without an id succeed again, a write naming the old id fails.
        Assert.Equal(HttpStatusCode.OK, (await _c.Send(Put, f + "?comp=metadata")).StatusCode);
        await AssertError(await _c.Send(Put, f + "?comp=metadata", WithLease(B)), HttpStatusCode.PreconditionFailed,
            "LeaseNotPresentWithFileOperation");
        await AssertError(await Lease(f, "change", id: B, proposed: A), HttpStatusCode.Conflict,
            "LeaseNotPresentWithLeaseOperation");
        Assert.Equal(HttpStatusCode.OK, (await Lease(f, "release", id: B)).StatusCode);
        Assert.Equal("available", Header(await _c.Send(HttpMethod.Head, f), "x-ms-lease-state"));
        Assert.Equal(HttpStatusCode.Created, (await Lease(f, "acquire", proposed: A)).StatusCode);
    }

    [Fact]
    public async Task Rename_over_a_leased_file_needs_the_destination_lease_id()
    {
        var dst = await NewFile(1);
        var share = dst.Split('/')[1];
        var src = $"/{share}/src";
        Assert.Equal(HttpStatusCode.Created,
            (await _c.Send(Put, src, new() { ["x-ms-type"] = "file", ["x-ms-content-length"] = "7" })).StatusCode);
        await Lease(dst, "acquire", proposed: A);
        var rename = new Dictionary<string, string>
        {
            ["x-ms-file-rename-source"] = fx.BaseUri + src,
            ["x-ms-file-rename-replace-if-exists"] = "true",
        };
        await AssertError(await _c.Send(Put, dst + "?comp=rename", rename), HttpStatusCode.PreconditionFailed,
            "LeaseIdMissing");
        await AssertError(await _c.Send(Put, dst + "?comp=rename", new(rename) { ["x-ms-destination-lease-id"] = B }),
            HttpStatusCode.PreconditionFailed, "LeaseIdMismatchWithFileOperation");
        Assert.Equal(1, (await _c.Send(HttpMethod.Head, dst)).Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.OK,
            (await _c.Send(Put, dst + "?comp=rename", new(rename) { ["x-ms-destination-lease-id"] = A })).StatusCode);
        Assert.Equal(7, (await _c.Send(HttpMethod.Head, dst)).Content.Headers.ContentLength);

        // A leased source needs its own id in x-ms-source-lease-id.
        var other = $"/{share}/other";
        await Lease(dst, "acquire", proposed: B);
        var move = new Dictionary<string, string> { ["x-ms-file-rename-source"] = fx.BaseUri + dst };
        await AssertError(await _c.Send(Put, other + "?comp=rename", move), HttpStatusCode.PreconditionFailed,
            "LeaseIdMissing");
        Assert.Equal(HttpStatusCode.OK,
            (await _c.Send(Put, other + "?comp=rename", new(move) { ["x-ms-source-lease-id"] = B })).StatusCode);
    }

    [Fact]
    public async Task Range_copy_needs_the_destination_lease_but_not_the_source_lease()
    {
        var src = await NewFile(4);
        var share = src.Split('/')[1];
        var dst = $"/{share}/dst";
        await _c.Send(Put, dst, new() { ["x-ms-type"] = "file", ["x-ms-content-length"] = "4" });
        await Lease(src, "acquire", proposed: A);
        await Lease(dst, "acquire", proposed: B);
        var sas = EmulatorClient.ShareSas(fx, share);
        var copy = new Dictionary<string, string>
        {
            ["x-ms-copy-source"] = $"{fx.BaseUri}{src}?{sas}",
            ["x-ms-range"] = "bytes=0-3",
            ["x-ms-source-range"] = "bytes=0-3",
            ["x-ms-write"] = "update",
        };
        await AssertError(await _c.Send(Put, dst + "?comp=range", copy), HttpStatusCode.PreconditionFailed,
            "LeaseIdMissing");
        Assert.Equal(HttpStatusCode.Created,
            (await _c.Send(Put, dst + "?comp=range", new(copy) { ["x-ms-lease-id"] = B })).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_share_is_allowed_with_leased_files()
    {
        var f = await NewFile();
        await Lease(f, "acquire", proposed: A);
        Assert.Equal(HttpStatusCode.Accepted,
            (await _c.Send(HttpMethod.Delete, $"/{f.Split('/')[1]}?restype=share")).StatusCode);
    }
}

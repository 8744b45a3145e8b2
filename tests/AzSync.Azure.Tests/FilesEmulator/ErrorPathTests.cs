using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using AzSync.Testing;

namespace AzSync.Azure.Tests.FilesEmulator;

public sealed class ErrorPathTests(FilesEmulatorFixture fx) : IClassFixture<FilesEmulatorFixture>
{
    private EmulatorClient Client() => new(fx.BaseUri, fx.AccountName, fx.AccountKey);
    private static readonly HttpMethod Put = HttpMethod.Put;

    private static async Task<string> NewShare(EmulatorClient c)
    {
        var name = "s" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.Created, (await c.Send(Put, $"/{name}?restype=share")).StatusCode);
        return name;
    }

    private static Task<HttpResponseMessage> CreateFile(EmulatorClient c, string path, long size,
        Dictionary<string, string>? extra = null)
    {
        var h = new Dictionary<string, string>
        {
            ["x-ms-type"] = "file",
            ["x-ms-content-length"] = size.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in extra ?? []) h[k] = v;
        return c.Send(Put, path, h);
    }

    private static Task AssertError(HttpResponseMessage r, HttpStatusCode status, string code) =>
        EmulatorClient.AssertError(r, status, code);

    [Fact]
    public async Task Bad_signature_is_refused_with_AuthenticationFailed()
    {
        var c = Client();
        var share = await NewShare(c);
        c.CorruptSignature = true;
        await AssertError(await c.Send(HttpMethod.Get, $"/{share}?restype=share"), HttpStatusCode.Forbidden,
            "AuthenticationFailed");
    }

    [Theory]
    [InlineData("2027-12-31")] // not released
    [InlineData("2025-06-01")] // a date between two releases is no version
    [InlineData("2025-11-5")]
    public async Task Unreleased_versions_are_refused(string version)
    {
        var c = Client();
        c.Version = version;
        var r = await c.Send(HttpMethod.Get, "/any?restype=share");
        await AssertError(r, HttpStatusCode.BadRequest, "InvalidHeaderValue");
        Assert.Contains("<HeaderName>x-ms-version</HeaderName>", await r.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("2019-02-02")]
    [InlineData("2025-07-05")] // azcopy 10.32.2
    [InlineData("2025-11-05")]
    [InlineData("2026-04-06")] // @azure/storage-file-share 12.31 and 12.32
    [InlineData("2026-10-06")] // @azure/storage-file-share 12.33.0, the newest ServiceVersion of the .NET SDK 12.28.0
    public async Task Released_versions_are_accepted(string version)
    {
        var c = Client();
        var share = await NewShare(c);
        c.Version = version;
        var r = await c.Send(HttpMethod.Get, $"/{share}?restype=share");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(version, r.Headers.GetValues("x-ms-version").Single());
    }

    [Fact]
    public async Task Bearer_rules_follow_Files_OAuth()
    {
        var share = await NewShare(Client());
        var b = Client();
        b.Bearer = EmulatorClient.Token("Storage File Data Privileged Contributor");
        var dir = new Dictionary<string, string>();
        var missing = await b.Send(Put, $"/{share}/d1?restype=directory", dir);
        await AssertError(missing, HttpStatusCode.BadRequest, "MissingRequiredHeader");
        Assert.Contains("<HeaderName>x-ms-file-request-intent</HeaderName>", await missing.Content.ReadAsStringAsync());

        var intent = new Dictionary<string, string> { ["x-ms-file-request-intent"] = "backup" };
        Assert.Equal(HttpStatusCode.Created, (await b.Send(Put, $"/{share}/d1?restype=directory", intent)).StatusCode);

        b.Version = "2022-05-31";
        await AssertError(await b.Send(Put, $"/{share}/d2?restype=directory", intent), HttpStatusCode.BadRequest,
            "InvalidHeaderValue");

        b.Version = "2024-08-04";
        await AssertError(await b.Send(HttpMethod.Get, $"/{share}?restype=share"), HttpStatusCode.Conflict,
            "FileOAuthManagementApiRestrictedToSrp");
        b.Version = "2024-11-04";
        Assert.Equal(HttpStatusCode.OK, (await b.Send(HttpMethod.Get, $"/{share}?restype=share")).StatusCode);

        var reader = Client();
        reader.Bearer = EmulatorClient.Token("Storage File Data SMB Share Reader");
        await AssertError(await reader.Send(Put, $"/{share}/d3?restype=directory", intent), HttpStatusCode.Forbidden,
            "AuthorizationPermissionMismatch");

        var wrongIssuer = Client();
        wrongIssuer.Bearer = EmulatorClient.Token("Storage File Data Privileged Contributor",
            iss: "https://login.microsoftonline.com/t/v2.0");
        await AssertError(await wrongIssuer.Send(Put, $"/{share}/d4?restype=directory", intent),
            HttpStatusCode.Forbidden, "AuthenticationFailed");
    }

    [Fact]
    public async Task Trailing_dots_are_stripped_unless_allowed()
    {
        var c = Client();
        var share = await NewShare(c);
        Assert.Equal(HttpStatusCode.Created, (await CreateFile(c, $"/{share}/name..", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.Send(HttpMethod.Head, $"/{share}/name")).StatusCode);
        var allow = new Dictionary<string, string> { ["x-ms-allow-trailing-dot"] = "true" };
        Assert.Equal(HttpStatusCode.Created, (await CreateFile(c, $"/{share}/dotted.", 2, allow)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.Send(HttpMethod.Head, $"/{share}/dotted.", allow)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Send(HttpMethod.Head, $"/{share}/dotted")).StatusCode);
    }

    [Theory]
    [InlineData("CON")]
    [InlineData("lpt1")]
    [InlineData("a%3Ab")]
    [InlineData("a%7Cb")]
    public async Task Reserved_and_forbidden_names_are_rejected(string name)
    {
        var c = Client();
        var share = await NewShare(c);
        await AssertError(await CreateFile(c, $"/{share}/{name}", 1), HttpStatusCode.BadRequest,
            "InvalidFileOrDirectoryPathName");
    }

    [Fact]
    public async Task Names_are_case_insensitive_and_case_preserving()
    {
        var c = Client();
        var share = await NewShare(c);
        Assert.Equal(HttpStatusCode.Created, (await c.Send(Put, $"/{share}/Dir?restype=directory")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CreateFile(c, $"/{share}/dir/A.txt", 3)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.Send(HttpMethod.Head, $"/{share}/DIR/a.TXT")).StatusCode);
        await AssertError(await c.Send(Put, $"/{share}/DIR?restype=directory"), HttpStatusCode.Conflict,
            "ResourceAlreadyExists");
        var list =
            await (await c.Send(HttpMethod.Get, $"/{share}?restype=directory&comp=list")).Content.ReadAsStringAsync();
        Assert.Contains("<Name>Dir</Name>", list);
    }

    [Fact]
    public async Task Missing_things_answer_the_service_codes()
    {
        var c = Client();
        await AssertError(await c.Send(HttpMethod.Get, "/nosuchshare?restype=share"), HttpStatusCode.NotFound,
            "ShareNotFound");
        var share = await NewShare(c);
        await AssertError(await CreateFile(c, $"/{share}/nodir/f", 1), HttpStatusCode.NotFound, "ParentNotFound");
        await AssertError(await c.Send(HttpMethod.Get, $"/{share}/nofile"), HttpStatusCode.NotFound,
            "ResourceNotFound");
        Assert.Equal("ResourceNotFound",
            (await c.Send(HttpMethod.Head, $"/{share}/nofile")).Headers.GetValues("x-ms-error-code").Single());
    }

    [Fact]
    public async Task Non_empty_directory_delete_is_a_conflict()
    {
        var c = Client();
        var share = await NewShare(c);
        await c.Send(Put, $"/{share}/d?restype=directory");
        await CreateFile(c, $"/{share}/d/f", 0);
        await AssertError(await c.Send(HttpMethod.Delete, $"/{share}/d?restype=directory"), HttpStatusCode.Conflict,
            "DirectoryNotEmpty");
        Assert.Equal(HttpStatusCode.Accepted, (await c.Send(HttpMethod.Delete, $"/{share}/d/f")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted,
            (await c.Send(HttpMethod.Delete, $"/{share}/d?restype=directory")).StatusCode);
    }

    [Fact]
    public async Task Put_range_checks_content_md5()
    {
        var c = Client();
        var share = await NewShare(c);
        await CreateFile(c, $"/{share}/f", 4);
        var body = new byte[] { 1, 2, 3, 4 };
        var range = new Dictionary<string, string>
        {
            ["x-ms-range"] = "bytes=0-3",
            ["x-ms-write"] = "update",
            ["Content-MD5"] = Convert.ToBase64String(MD5.HashData(new byte[] { 9 }))
        };
        await AssertError(await c.Send(Put, $"/{share}/f?comp=range", range, body), HttpStatusCode.BadRequest,
            "Md5Mismatch");
        range["Content-MD5"] = Convert.ToBase64String(MD5.HashData(body));
        Assert.Equal(HttpStatusCode.Created, (await c.Send(Put, $"/{share}/f?comp=range", range, body)).StatusCode);
        Assert.Equal(body, await (await c.Send(HttpMethod.Get, $"/{share}/f")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Set_properties_clears_headers_not_sent_and_etag_changes()
    {
        var c = Client();
        var share = await NewShare(c);
        var created = await CreateFile(c, $"/{share}/f", 2,
            new() { ["x-ms-content-type"] = "text/plain", ["x-ms-content-language"] = "de" });
        var r = await c.Send(Put, $"/{share}/f?comp=properties",
            new() { ["x-ms-content-type"] = "application/json", ["x-ms-content-length"] = "5" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.NotEqual(created.Headers.ETag, r.Headers.ETag);
        var head = await c.Send(HttpMethod.Head, $"/{share}/f");
        Assert.Equal("application/json", head.Content.Headers.ContentType!.ToString());
        Assert.Empty(head.Content.Headers.ContentLanguage);
        Assert.Equal(5, head.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("If-Match", "*")]
    [InlineData("If-None-Match", "*")]
    [InlineData("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")]
    [InlineData("If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")]
    public async Task Conditional_headers_are_not_supported_on_any_operation(string header, string value)
    {
        var c = Client();
        var share = await NewShare(c);
        await CreateFile(c, $"/{share}/f", 1);
        var condition = new Dictionary<string, string> { [header] = value };
        await AssertError(await c.Send(HttpMethod.Delete, $"/{share}/f", condition), HttpStatusCode.BadRequest,
            "ConditionHeadersNotSupported");
        await AssertError(await c.Send(HttpMethod.Get, $"/{share}/f", condition), HttpStatusCode.BadRequest,
            "ConditionHeadersNotSupported");
        await AssertError(await c.Send(HttpMethod.Get, $"/{share}?restype=share", condition), HttpStatusCode.BadRequest,
            "ConditionHeadersNotSupported");
        // refused, not applied
        Assert.Equal(HttpStatusCode.OK, (await c.Send(HttpMethod.Head, $"/{share}/f")).StatusCode);
    }

    [Fact]
    public async Task Rename_over_an_existing_file_needs_replace()
    {
        var c = Client();
        var share = await NewShare(c);
        await CreateFile(c, $"/{share}/src", 7);
        await CreateFile(c, $"/{share}/dst", 1);
        var rename = new Dictionary<string, string> { ["x-ms-file-rename-source"] = $"{fx.BaseUri}/{share}/src" };
        await AssertError(await c.Send(Put, $"/{share}/dst?comp=rename", rename), HttpStatusCode.Conflict,
            "ResourceAlreadyExists");
        rename["x-ms-file-rename-replace-if-exists"] = "true";
        Assert.Equal(HttpStatusCode.OK, (await c.Send(Put, $"/{share}/dst?comp=rename", rename)).StatusCode);
        Assert.Equal(7, (await c.Send(HttpMethod.Head, $"/{share}/dst")).Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.NotFound, (await c.Send(HttpMethod.Head, $"/{share}/src")).StatusCode);
    }

    [Fact]
    public async Task Malformed_header_values_are_400_not_500()
    {
        var c = Client();
        var share = await NewShare(c);
        await AssertError(await CreateFile(c, $"/{share}/f", 1, new() { ["x-ms-content-md5"] = "not base64!" }),
            HttpStatusCode.BadRequest, "InvalidHeaderValue");
    }

    [Fact]
    public async Task Requests_are_counted_per_operation()
    {
        var c = Client();
        var before = fx.Server.Counters["CreateFile"];
        var share = await NewShare(c);
        await CreateFile(c, $"/{share}/f", 1);
        Assert.True(fx.Server.Counters["CreateFile"] >= before + 1);
        Assert.True(fx.Server.Counters.Total >= 2);
    }
}

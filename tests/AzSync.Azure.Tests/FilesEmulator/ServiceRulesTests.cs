using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using AzSync.Testing;
using Azure.Storage.Sas;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>The published rules beyond leases (see the emulator's README table), over raw REST.</summary>
public sealed class ServiceRulesTests(FilesEmulatorFixture fx) : IClassFixture<FilesEmulatorFixture>
{
    private static readonly HttpMethod Put = HttpMethod.Put;
    private readonly EmulatorClient _c = new(fx.BaseUri, fx.AccountName, fx.AccountKey);

    private async Task<string> NewShare()
    {
        var share = "s" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.Created, (await _c.Send(Put, $"/{share}?restype=share")).StatusCode);
        return share;
    }

    private async Task CreateFile(string path, long size, string? attributes = null)
    {
        var h = new Dictionary<string, string>
        {
            ["x-ms-type"] = "file",
            ["x-ms-content-length"] = size.ToString(CultureInfo.InvariantCulture),
        };
        if (attributes is not null) h["x-ms-file-attributes"] = attributes;
        Assert.Equal(HttpStatusCode.Created, (await _c.Send(Put, path, h)).StatusCode);
    }

    private static Task AssertError(HttpResponseMessage r, HttpStatusCode status, string code) =>
        EmulatorClient.AssertError(r, status, code);

    private Dictionary<string, string> RenameFrom(string path, string? query = null) =>
        new() { ["x-ms-file-rename-source"] = fx.BaseUri + path + (query is null ? "" : "?" + query) };

    [Fact]
    public async Task A_ReadOnly_file_can_be_read_and_reset_but_not_written_deleted_or_renamed_over()
    {
        var share = await NewShare();
        var f = $"/{share}/ro";
        await CreateFile(f, 4, "ReadOnly|Archive");
        Assert.Contains("ReadOnly",
            (await _c.Send(HttpMethod.Head, f)).Headers.GetValues("x-ms-file-attributes").Single());
        var range = new Dictionary<string, string> { ["x-ms-range"] = "bytes=0-3", ["x-ms-write"] = "update" };
        await AssertError(await _c.Send(Put, f + "?comp=range", range, [1, 2, 3, 4]), HttpStatusCode.Conflict,
            "ReadOnlyAttribute");
        await AssertError(await _c.Send(HttpMethod.Delete, f), HttpStatusCode.Conflict, "ReadOnlyAttribute");
        Assert.Equal(HttpStatusCode.OK, (await _c.Send(HttpMethod.Get, f)).StatusCode);

        await CreateFile($"/{share}/src", 9);
        var rename = new Dictionary<string, string>(RenameFrom($"/{share}/src"))
        {
            ["x-ms-file-rename-replace-if-exists"] = "true",
        };
        await AssertError(await _c.Send(Put, f + "?comp=rename", rename), HttpStatusCode.Conflict, "ReadOnlyAttribute");
        Assert.Equal(4, (await _c.Send(HttpMethod.Head, f)).Content.Headers.ContentLength);
        await AssertError(await _c.Send(Put, f + "?comp=rename",
            new(RenameFrom($"/{share}/src")) { ["x-ms-file-rename-ignore-readonly"] = "true" }),
            HttpStatusCode.BadRequest, "InvalidHeaderValue"); // ignore-readonly needs replace-if-exists
        rename["x-ms-file-rename-ignore-readonly"] = "true";
        Assert.Equal(HttpStatusCode.OK, (await _c.Send(Put, f + "?comp=rename", rename)).StatusCode);
        Assert.Equal(9, (await _c.Send(HttpMethod.Head, f)).Content.Headers.ContentLength);

        // Set File Properties clears the attribute; then the file can be deleted.
        await CreateFile($"/{share}/ro2", 1, "ReadOnly");
        Assert.Equal(HttpStatusCode.OK, (await _c.Send(Put, $"/{share}/ro2?comp=properties",
            new() { ["x-ms-file-attributes"] = "None" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _c.Send(HttpMethod.Delete, $"/{share}/ro2")).StatusCode);
    }

    [Fact]
    public async Task Under_a_SAS_the_rename_source_needs_its_own_SAS()
    {
        var share = await NewShare();
        await CreateFile($"/{share}/a", 3);
        var sas = new EmulatorClient(fx.BaseUri, fx.AccountName, fx.AccountKey)
        {
            Sas = EmulatorClient.ShareSas(fx, share, ShareSasPermissions.All),
        };
        await AssertError(await sas.Send(Put, $"/{share}/b?comp=rename", RenameFrom($"/{share}/a")),
            HttpStatusCode.Forbidden, "AuthorizationFailure");
        Assert.Equal(HttpStatusCode.OK, (await _c.Send(HttpMethod.Head, $"/{share}/a")).StatusCode);
        var readOnlySas = EmulatorClient.ShareSas(fx, share);
        await AssertError(await sas.Send(Put, $"/{share}/b?comp=rename", RenameFrom($"/{share}/a", readOnlySas)),
            HttpStatusCode.Forbidden, "AuthorizationPermissionMismatch");
        Assert.Equal(HttpStatusCode.OK,
            (await sas.Send(Put, $"/{share}/b?comp=rename", RenameFrom($"/{share}/a", sas.Sas))).StatusCode);
        // Shared Key covers the source without a SAS in it.
        Assert.Equal(HttpStatusCode.OK,
            (await _c.Send(Put, $"/{share}/c?comp=rename", RenameFrom($"/{share}/b"))).StatusCode);
        Assert.Equal(3, (await _c.Send(HttpMethod.Head, $"/{share}/c")).Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("PUT", "?restype=file&comp=rename")]
    [InlineData("GET", "?restype=file")]
    [InlineData("GET", "?restype=share")]
    [InlineData("GET", "?restype=blob")]
    public async Task A_restype_the_operation_does_not_define_is_refused(string method, string query)
    {
        var share = await NewShare();
        await CreateFile($"/{share}/f", 1);
        var r = await _c.Send(new HttpMethod(method), $"/{share}/f{query}", RenameFrom($"/{share}/f"));
        await AssertError(r, HttpStatusCode.BadRequest, "InvalidQueryParameterValue");
    }

    [Fact]
    public async Task A_request_without_credentials_is_401_NoAuthenticationInformation()
    {
        var share = await NewShare();
        var anonymous = new EmulatorClient(fx.BaseUri, fx.AccountName, fx.AccountKey) { Anonymous = true };
        await AssertError(await anonymous.Send(HttpMethod.Get, $"/{share}?restype=directory&comp=list"),
            HttpStatusCode.Unauthorized, "NoAuthenticationInformation");
        await AssertError(await anonymous.Send(HttpMethod.Head, $"/{share}/nofile"), HttpStatusCode.Unauthorized,
            "NoAuthenticationInformation");
    }

    [Fact]
    public async Task A_ranged_read_returns_the_MD5_of_its_range_up_to_4_MiB()
    {
        var share = await NewShare();
        var f = $"/{share}/f";
        const int size = 5 * 1024 * 1024;
        await CreateFile(f, size);
        var data = RandomNumberGenerator.GetBytes(size);
        for (var at = 0; at < size; at += 4 * 1024 * 1024)
        {
            var part = data.AsSpan(at, Math.Min(4 * 1024 * 1024, size - at)).ToArray();
            var range = new Dictionary<string, string>
            {
                ["x-ms-range"] = $"bytes={at}-{at + part.Length - 1}",
                ["x-ms-write"] = "update"
            };
            Assert.Equal(HttpStatusCode.Created, (await _c.Send(Put, f + "?comp=range", range, part)).StatusCode);
        }

        var md5 = new Dictionary<string, string>
        {
            ["x-ms-range"] = "bytes=100-4194403",
            ["x-ms-range-get-content-md5"] = "true"
        };
        var r = await _c.Send(HttpMethod.Get, f, md5);
        Assert.Equal(HttpStatusCode.PartialContent, r.StatusCode);
        Assert.Equal(MD5.HashData(data.AsSpan(100, 4 * 1024 * 1024)), r.Content.Headers.ContentMD5);
        Assert.Equal(data.AsSpan(100, 4 * 1024 * 1024).ToArray(), await r.Content.ReadAsByteArrayAsync());

        md5["x-ms-range"] = "bytes=0-4194304"; // 4 MiB + 1
        await AssertError(await _c.Send(HttpMethod.Get, f, md5), HttpStatusCode.BadRequest, "InvalidHeaderValue");
        await AssertError(await _c.Send(HttpMethod.Get, f, new() { ["x-ms-range-get-content-md5"] = "true" }),
            HttpStatusCode.BadRequest, "InvalidHeaderValue");
        var plain = await _c.Send(HttpMethod.Get, f, new() { ["x-ms-range"] = "bytes=0-9" });
        Assert.Null(plain.Content.Headers.ContentMD5); // no MD5 unless asked, and the file has none stored
    }
}

using System.Net;
using System.Xml.Linq;
using AzSync.FilesEmulator;
using AzSync.Testing;

namespace AzSync.Azure.Tests.FilesEmulator;

public sealed class ListingAndHttpsTests(FilesEmulatorFixture fx) : IClassFixture<FilesEmulatorFixture>
{
    [Fact]
    public async Task Listing_pages_with_maxresults_and_next_marker()
    {
        var c = new EmulatorClient(fx.BaseUri, fx.AccountName, fx.AccountKey);
        var share = "list" + Guid.NewGuid().ToString("N")[..8];
        await c.Send(HttpMethod.Put, $"/{share}?restype=share");
        foreach (var n in new[] { "b", "a", "D", "c", "e" })
            await c.Send(HttpMethod.Put, $"/{share}/{n}",
                new() { ["x-ms-type"] = "file", ["x-ms-content-length"] = "3" });
        await c.Send(HttpMethod.Put, $"/{share}/cdir?restype=directory");
        var names = new List<string>();
        var marker = "";
        var pages = 0;
        do
        {
            var page = await c.Send(HttpMethod.Get, $"/{share}?restype=directory&comp=list&maxresults=2" +
                $"&include=Timestamps,ETag&marker={Uri.EscapeDataString(marker)}");
            var xml = XDocument.Parse(await page.Content.ReadAsStringAsync());
            var entries = xml.Root!.Element("Entries")!.Elements().ToList();
            Assert.True(entries.Count <= 2);
            Assert.All(entries.Where(e => e.Name == "File"),
                e => Assert.Equal("3", e.Element("Properties")!.Element("Content-Length")!.Value));
            Assert.All(entries, e => Assert.Null(e.Element("Properties")!.Element("Content-MD5")));
            Assert.All(entries, e => Assert.NotNull(e.Element("Properties")!.Element("Etag")));
            names.AddRange(entries.Select(e => e.Element("Name")!.Value));
            marker = xml.Root.Element("NextMarker")!.Value;
            pages++;
        } while (marker.Length > 0);
        Assert.Equal(["a", "b", "c", "cdir", "D", "e"], names);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Get_ranges_reports_written_and_cleared_ranges()
    {
        var c = new EmulatorClient(fx.BaseUri, fx.AccountName, fx.AccountKey);
        var share = "rng" + Guid.NewGuid().ToString("N")[..8];
        await c.Send(HttpMethod.Put, $"/{share}?restype=share");
        await c.Send(HttpMethod.Put, $"/{share}/f", new() { ["x-ms-type"] = "file", ["x-ms-content-length"] = "2048" });
        await c.Send(HttpMethod.Put, $"/{share}/f?comp=range",
            new() { ["x-ms-range"] = "bytes=0-1023", ["x-ms-write"] = "update" }, new byte[1024]);
        await c.Send(HttpMethod.Put, $"/{share}/f?comp=range",
            new() { ["x-ms-range"] = "bytes=0-511", ["x-ms-write"] = "clear" });
        var xml = XDocument.Parse(
            await (await c.Send(HttpMethod.Get, $"/{share}/f?comp=rangelist")).Content.ReadAsStringAsync());
        var ranges =
            xml.Root!.Elements("Range").Select(r => (r.Element("Start")!.Value, r.Element("End")!.Value)).ToList();
        Assert.Equal([("512", "1023")], ranges);
    }

    [Fact]
    public async Task Https_with_a_generated_certificate_serves_requests()
    {
        await using var server =
            await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0, HttpsPort = 0 });
        Assert.NotNull(server.HttpsBaseUri);
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                cert!.Thumbprint == server.Certificate!.Thumbprint,
        };
        using var http = new HttpClient(handler);
        var r = await http.GetAsync($"{server.HttpsBaseUri}/nosuchshare?restype=share");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode); // reached the emulator over TLS; no credentials given
        Assert.Equal("NoAuthenticationInformation", r.Headers.GetValues("x-ms-error-code").Single());
    }
}

using System.Xml.Linq;
using AzSync.Testing;
using Azure.Storage;
using Azure.Storage.Files.Shares;

namespace AzSync.Azure.Tests.FilesEmulator;

/// <summary>
/// Names holding U+FFFE or U+FFFF, which XML 1.0 cannot carry: from version 2021-12-02 the listing sends them
/// percent-encoded with Encoded="true" (REST docs, version-2021-12-02; Swagger definition StringEncoded), and the
/// official SDK hands back the decoded name.
/// </summary>
public sealed class EncodedNameTests(FilesEmulatorFixture fx) : IClassFixture<FilesEmulatorFixture>
{
    private const string OddFile = "a\uFFFFb 100%.txt";
    private const string OddDir = "d\uFFFEir";

    private async Task<string> ShareAsync()
    {
        var share = "enc" + Guid.NewGuid().ToString("N")[..8];
        var client = new ShareServiceClient(fx.BaseUri, new StorageSharedKeyCredential(fx.AccountName, fx.AccountKey))
            .GetShareClient(share);
        await client.CreateAsync();
        var dir = client.GetRootDirectoryClient();
        await dir.GetFileClient(OddFile).CreateAsync(5);
        await dir.GetFileClient("plain.txt").CreateAsync(1);
        var sub = dir.GetSubdirectoryClient(OddDir);
        await sub.CreateAsync();
        await sub.GetFileClient(OddFile).CreateAsync(2);
        return share;
    }

    [Fact]
    public async Task The_dotnet_sdk_lists_names_xml_cannot_carry_decoded()
    {
        var share = await ShareAsync();
        var root = new ShareServiceClient(fx.BaseUri, new StorageSharedKeyCredential(fx.AccountName, fx.AccountKey))
            .GetShareClient(share).GetRootDirectoryClient();

        var items = new List<(string, bool, long?)>();
        await foreach (var i in root.GetFilesAndDirectoriesAsync()) items.Add((i.Name, i.IsDirectory, i.FileSize));
        // The SDK yields a page's directories before its files.
        Assert.Equal(new[] { (OddDir, true, null), (OddFile, false, (long?)5), ("plain.txt", false, 1) }, items);

        var inner = new List<string>();
        await foreach (var i in root.GetSubdirectoryClient(OddDir).GetFilesAndDirectoriesAsync()) inner.Add(i.Name);
        Assert.Equal([OddFile], inner);
    }

    [Fact]
    public async Task The_wire_carries_encoded_names_from_2021_12_02_and_pages_across_them()
    {
        var share = await ShareAsync();
        var c = new EmulatorClient(fx.BaseUri, fx.AccountName, fx.AccountKey) { Version = "2021-12-02" };
        var names = new List<string>();
        var marker = "";
        do
        {
            var r = await c.Send(HttpMethod.Get, $"/{share}/{Uri.EscapeDataString(OddDir)}?restype=directory" +
                $"&comp=list&maxresults=1&prefix={Uri.EscapeDataString("a\uFFFF")}" +
                $"&marker={Uri.EscapeDataString(marker)}");
            var xml = XDocument.Parse(await r.Content.ReadAsStringAsync()).Root!;
            Assert.Equal("true", xml.Attribute("Encoded")?.Value);
            Assert.Equal(Uri.EscapeDataString(OddDir), xml.Attribute("DirectoryPath")!.Value);
            Assert.Equal("true", xml.Element("Prefix")!.Attribute("Encoded")?.Value);
            Assert.Equal("a%EF%BF%BF", xml.Element("Prefix")!.Value);
            foreach (var name in xml.Element("Entries")!.Elements().Select(e => e.Element("Name")!))
            {
                Assert.Equal("true", name.Attribute("Encoded")?.Value);
                names.Add(Uri.UnescapeDataString(name.Value));
            }
            marker = xml.Element("NextMarker")!.Value;
        } while (marker.Length > 0);
        Assert.Equal([OddFile], names);

        // Plain names stay plain: Encoded appears only where XML needs it.
        var plain = XDocument.Parse(await (await c.Send(HttpMethod.Get,
            $"/{share}?restype=directory&comp=list&maxresults=1")).Content.ReadAsStringAsync()).Root!;
        Assert.Null(plain.Attribute("Encoded"));
        var first = plain.Element("Entries")!.Elements().Single().Element("Name")!;
        Assert.Equal("true", first.Attribute("Encoded")?.Value);
        var next = plain.Element("NextMarker")!.Value;
        Assert.DoesNotContain('\uFFFE', next);
        var second = XDocument.Parse(await (await c.Send(HttpMethod.Get,
            $"/{share}?restype=directory&comp=list&maxresults=5&marker={Uri.EscapeDataString(next)}"))
            .Content.ReadAsStringAsync()).Root!;
        var rest = second.Element("Entries")!.Elements().Select(e => e.Element("Name")!).ToList();
        Assert.Equal([OddDir, "plain.txt"], rest.Select(n => Uri.UnescapeDataString(n.Value)));
        Assert.Null(rest[1].Attribute("Encoded"));
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

/// <summary>
/// Names at the edge of what XML carries, synced by the real tool to the emulator. U+FFFE and U+FFFF come back in
/// the listing percent-encoded with Encoded="true" (version 2021-12-02 and later) and the SDK decodes them; the
/// others ('%', '+', spaces, XML's own specials, characters outside the BMP) travel as plain text. Either way the
/// listed name must be the synced one, or the second run would send everything again. (U+FFFD is left out: the
/// tool refuses a local name holding it, as it cannot tell it from bytes that were not UTF-8.)
/// </summary>
public sealed class EncodedNameSyncTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>,
    IAsyncLifetime
{
    private static readonly string[] Names =
    [
        "a\uFFFFb.txt", "d\uFFFEir/inner \uFFFF.txt", "100% + plus/a+b%20c.txt",
        "amp & 'quotes' #1.txt", "clef \U0001D11E emoji \U0001F600.txt",
    ];

    private readonly string _source = Directory.CreateTempSubdirectory("azsync-files-encoded-").FullName;
    private readonly string _share = "enc" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        foreach (var name in Names)
        {
            var path = Path.Combine(_source, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, "content of " + name);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_source, true);
        return Task.CompletedTask;
    }

    private async Task<JsonElement> SyncAsync()
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_KEY"] = emulator.AccountKey };
        var url = $"{emulator.BaseUri.AbsoluteUri.TrimEnd('/')}/{_share}/site";
        var result = await AzSyncProcess.Default.RunAsync(["sync", _source, url, "--destination-type", "file",
            "--create-container", "--delete", "-o", "json"], null, env);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    [Fact]
    [Trait("Needs", "node")]
    public async Task Names_xml_cannot_carry_sync_list_and_resync_with_nothing_sent_again()
    {
        var first = await SyncAsync();
        Assert.Equal(Names.Length, first.GetProperty("totals").GetProperty("uploaded").GetInt32());
        // The store's own listing, then the JS SDK's: another official client reads the same names.
        var listed = await StoreTestKit.ListAsync(await FilesSupport.NewStoreAsync(emulator, _share, create: false));
        Assert.Equal(Names.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(listed, kv =>
            Assert.Equal(MD5.HashData(Encoding.UTF8.GetBytes("content of " + kv.Key)), kv.Value.ContentMd5));
        var synced = await emulator.Server.ReadSyncedFilesAsync(_share, "site");
        Assert.Equal(Names.Order(StringComparer.Ordinal), synced.Keys.Order(StringComparer.Ordinal));
        Assert.All(synced, kv => Assert.Equal("content of " + kv.Key, Encoding.UTF8.GetString(kv.Value)));

        var before = emulator.Server.Counters.Snapshot();
        var second = await SyncAsync();

        Assert.Equal(0, second.GetProperty("totals").GetProperty("uploaded").GetInt32());
        Assert.Equal(0, second.GetProperty("totals").GetProperty("deleted").GetInt32());
        int Since(string op) => emulator.Server.Counters[op] - before.GetValueOrDefault(op);
        Assert.All(new[] { "CreateFile", "PutRange", "DeleteFile", "CreateDirectory", "SetFileProperties" },
            op => Assert.Equal(0, Since(op)));
        Assert.True(Since("ListFilesAndDirectories") > 0);
    }
}

using System.Security.Cryptography;
using AzSync.Azure.Files;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Files;

/// <summary>
/// What goes on the wire for new files, replacements (whole and range delta) and deletes, with every request
/// recorded: Azure Files answers any conditional header with 400 ConditionHeadersNotSupported, so a listed file
/// is held by a lease instead.
/// </summary>
internal static class WireScenario
{
    private static readonly string[] Conditions = ["If-Match", "If-None-Match", "If-Modified-Since",
        "If-Unmodified-Since"];

    /// <summary>Writes a.txt, b.txt and big.bin; a fresh store replaces a.txt and big.bin, deletes b.txt.</summary>
    public static async Task<RecordingPolicy> RunAsync(Func<FileShareStoreOptions, Task<FileShareStore>> open,
        string dir,
        Func<FileShareStoreOptions>? options = null)
    {
        var recorder = new RecordingPolicy();
        FileShareStoreOptions Recorded()
        {
            var o = options?.Invoke() ?? FilesSupport.With();
            o.Client.AddPolicy(recorder, global::Azure.Core.HttpPipelinePosition.PerRetry);
            return o;
        }

        var big = RandomNumberGenerator.GetBytes(6 << 20);
        var first = await open(Recorded());
        foreach (var (name, content) in new[] { ("a.txt", "a1"u8.ToArray()), ("b.txt", "b1"u8.ToArray()), ("big.bin",
            big) })
            await first.WriteAsync(new StoreWrite(name, StoreTestKit.Source(dir, "v1-" + name, content),
                new ContentHeaders(null), null, false), default);
        await first.CompleteAsync(true, default);

        var second = await open(Recorded());
        var listed = await StoreTestKit.ListAsync(second);
        var changed = (byte[])big.Clone();
        changed[2 << 20] ^= 1;
        await second.WriteAsync(new StoreWrite("a.txt", StoreTestKit.Source(dir, "v2-a", "a2"u8.ToArray()),
            new ContentHeaders(null), listed["a.txt"], false), default);
        await second.WriteAsync(new StoreWrite("big.bin", StoreTestKit.Source(dir, "v2-big", changed),
            new ContentHeaders(null), listed["big.bin"], false), default);
        await second.DeleteAsync(listed["b.txt"], false, default);
        await second.CompleteAsync(true, default);

        var now = await StoreTestKit.ListAsync(second);
        Assert.Equal(["a.txt", "big.bin"], now.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(MD5.HashData(changed), MD5.HashData(await StoreTestKit.ReadAsync(second, "big.bin")));
        Assert.Equal("a2"u8.ToArray(), await StoreTestKit.ReadAsync(second, "a.txt"));
        return recorder;
    }

    /// <summary>The rules every credential's requests keep.</summary>
    public static void AssertRules(RecordingPolicy recorder)
    {
        var sent = recorder.Requests;
        Assert.All(sent, r => Assert.DoesNotContain(r.Headers.Keys, h => Conditions.Contains(h,
            StringComparer.OrdinalIgnoreCase)));
        var renames = sent.Where(r => r.Query.Contains("comp=rename")).ToList();
        Assert.Equal(5, renames.Count); // three new files, two replacements
        Assert.All(renames, r => Assert.DoesNotContain("restype", r.Query));
        Assert.All(renames, r => Assert.Equal("true", r.Headers.GetValueOrDefault("x-ms-source-allow-trailing-dot")));
        // The two replacements go over their target under its lease; the new files have nothing to lease.
        Assert.Equal(2, renames.Count(r => r.Headers.ContainsKey("x-ms-destination-lease-id")));
        var leases = sent.Where(r => r.Query.Contains("comp=lease")).ToList();
        Assert.Equal(3, leases.Count(r => r.Headers.GetValueOrDefault("x-ms-lease-action") == "acquire"));
        Assert.All(leases.Where(r => r.Headers.GetValueOrDefault("x-ms-lease-action") == "acquire"),
            r => Assert.Equal("-1", r.Headers.GetValueOrDefault("x-ms-lease-duration")));
        var delete = Assert.Single(sent, r => r.Method == "DELETE" && r.Path.EndsWith("/b.txt",
            StringComparison.Ordinal));
        Assert.True(delete.Headers.ContainsKey("x-ms-lease-id"));
        Assert.Contains(sent,
            r => r.Headers.ContainsKey("x-ms-copy-source")); // the delta did copy from the leased file
        // Share operations do not take x-ms-allow-trailing-dot in the spec; file and directory ones do.
        Assert.All(sent.Where(r => r.Query.Contains("restype=share")),
            r => Assert.False(r.Headers.ContainsKey("x-ms-allow-trailing-dot")));
        Assert.All(sent.Where(r => !r.Query.Contains("restype=share")), r => Assert.Equal("true",
            r.Headers.GetValueOrDefault("x-ms-allow-trailing-dot")));
    }
}

public sealed class FilesWireTests(FilesEmulatorFixture emulator) : IClassFixture<FilesEmulatorFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-files-wire-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task Shared_key_replacements_and_deletes_send_no_conditional_header_and_hold_a_lease()
    {
        var share = "w" + Guid.NewGuid().ToString("N")[..12];
        var recorder = await WireScenario.RunAsync(o => FilesSupport.NewStoreAsync(emulator, share, options: o), _dir);

        WireScenario.AssertRules(recorder);
        Assert.All(recorder.Requests, r => Assert.False(r.Headers.ContainsKey("x-ms-file-request-intent")));
    }

    [Fact]
    public async Task Sas_writes_send_no_conditional_header_and_rename_and_copy_sources_carry_the_sas()
    {
        var share = "w" + Guid.NewGuid().ToString("N")[..12];
        await FilesSupport.NewStoreAsync(emulator, share);
        var sas = await FilesSupport.SasAsync(emulator, share, "rcwdl");
        var sig = Uri.UnescapeDataString(sas.Split('&').Single(p => p.StartsWith("sig=",
            StringComparison.Ordinal))[4..]);
        Assert.True(FileShareDestination.TryParse($"{emulator.BaseUri.AbsoluteUri.TrimEnd('/')}/{share}/site?{sas}",
            false, out var d, out var error), error);

        var recorder = await WireScenario.RunAsync(o => Task.FromResult(FileShareStore.Open(d,
            new StorageCredential.Sas(d.SasQuery!, "test SAS"), o)), _dir);

        WireScenario.AssertRules(recorder);
        // The service authorizes a rename or copy source by its own URL: without the SAS in it, a 403.
        Assert.All(recorder.Requests.Where(r => r.Query.Contains("comp=rename")),
            r => Assert.Contains(sig, Uri.UnescapeDataString(r.Headers["x-ms-file-rename-source"])));
        Assert.All(recorder.Requests.Where(r => r.Headers.ContainsKey("x-ms-copy-source")),
            r => Assert.Contains(sig, Uri.UnescapeDataString(r.Headers["x-ms-copy-source"])));
    }
}

using System.Security.Cryptography;
using Azure.Core.Pipeline;
using AzSync.Azure.Blobs;
using AzSync.Azure.Rest;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Blobs;

/// <summary>What we write, azcopy reads and verifies; what azcopy writes, we see as unchanged.</summary>
[Trait("Needs", "azcopy"), Trait("Needs", "azurite"), Trait("Needs", "node")]
public sealed class AzCopyInteropTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-azcopy-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string AzCopy =>
        Path.Combine(RepoPaths.NodeModules, "@azure-tools", "azcopy-linux", "dist", "bin", "azcopy_linux_amd64");

    private Task<ProcessResult> RunAzCopyAsync(params string[] args) =>
        ChildProcess.RunAsync(AzCopy, args, _dir, new Dictionary<string, string?>
        {
            ["AZCOPY_LOG_LOCATION"] = Path.Combine(_dir, "logs"),
            ["AZCOPY_JOB_PLAN_LOCATION"] = Path.Combine(_dir, "plans"),
            ["AZCOPY_DISABLE_SYSLOG"] = "true",
        }, TimeSpan.FromMinutes(3));

    private static Dictionary<string, byte[]> MakeTree(string root)
    {
        var files = new Dictionary<string, byte[]>
        {
            ["a.txt"] = "alpha"u8.ToArray(),
            ["nested/deeper/b.bin"] = RandomNumberGenerator.GetBytes(70_000),
            ["big/c.bin"] = RandomNumberGenerator.GetBytes(12 << 20),
            ["space name.txt"] = "s"u8.ToArray(),
        };
        foreach (var (rel, bytes) in files)
        {
            var path = Path.Combine(root, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        return files;
    }

    [Fact]
    public async Task A_tree_written_by_azsync_downloads_with_azcopy_check_md5_byte_for_byte()
    {
        var container = "c" + Guid.NewGuid().ToString("N")[..12];
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, container);
        var files = MakeTree(Path.Combine(_dir, "src"));
        foreach (var (rel, bytes) in files)
            await store.WriteAsync(
                new StoreWrite(rel, new LocalFile(Path.Combine(_dir, "src", rel), bytes.Length, MD5.HashData(bytes)),
                new ContentHeaders("application/octet-stream"), null, false), default);

        var sas = await BlobStoreTests.SasAsync(container, "rl");
        var result =
            await RunAzCopyAsync("copy", $"{azurite.Server.ContainerUrl(container)}?{sas}", Path.Combine(_dir, "out"),
            "--recursive", "--check-md5", "FailIfDifferentOrMissing", "--from-to", "BlobLocal");
        Assert.True(result.ExitCode == 0, result.All);
        foreach (var (rel, bytes) in files)
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(_dir, "out", container, rel)));
    }

    [Fact]
    public async Task A_tree_uploaded_by_azcopy_put_md5_lists_with_the_local_md5s()
    {
        var container = "c" + Guid.NewGuid().ToString("N")[..12];
        var (store, _) = await BlobTestSupport.NewStoreAsync(azurite.Server, container);
        var files = MakeTree(Path.Combine(_dir, "up"));
        var sas = await BlobStoreTests.SasAsync(container, "racwdl");
        var result = await RunAzCopyAsync("copy", Path.Combine(_dir, "up") + "/*",
            $"{azurite.Server.ContainerUrl(container)}?{sas}",
            "--recursive", "--put-md5", "--from-to", "LocalBlob");
        Assert.True(result.ExitCode == 0, result.All);

        var listed = new Dictionary<string, StoreEntry>();
        await foreach (var e in store.ListAsync("", default)) listed[e.Path] = e;
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        foreach (var (rel, bytes) in files) Assert.Equal(MD5.HashData(bytes), listed[rel].ContentMd5);
    }
}

[Trait("Needs", "azurite")]
public sealed class BlobOverHttpsTests : IAsyncLifetime
{
    private Azurite _azurite = null!;

    public async Task InitializeAsync() => _azurite = await Azurite.StartAsync(https: true);

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task Sync_works_over_https_with_a_certificate_the_client_trusts()
    {
        Assert.Equal("https", _azurite.BlobEndpoint.Scheme);
        var client = SdkClientOptions.ForBlobs();
        client.Transport = new HttpClientTransport(_azurite.Certificates!.CreateTrustingHandler());
        var options = new BlobStoreOptions { Client = client };
        var (store, _) = await BlobTestSupport.NewStoreAsync(_azurite, options: options);
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "over tls");
        await store.WriteAsync(new StoreWrite("tls.txt", new LocalFile(path, 8, MD5.HashData("over tls"u8)),
            new ContentHeaders("text/plain"), null, false), default);
        var entries = new List<StoreEntry>();
        await foreach (var e in store.ListAsync("", default)) entries.Add(e);
        Assert.Equal("tls.txt", Assert.Single(entries).Path);
        File.Delete(path);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_fails_clearly()
    {
        var options = new BlobStoreOptions { Client = SdkClientOptions.ForBlobs() };
        options.Client.Retry.MaxRetries = 0;
        Assert.True(BlobDestination.TryParse(_azurite.ContainerUrl("nope"), false, out var d, out _));
        var store = BlobStore.Open(d, BlobTestSupport.Key, options);
        var e = await Assert.ThrowsAsync<AzSync.Core.Stores.StoreException>(() => store.PrepareAsync(false, default));
        Assert.True(e.IsTransient, e.Message);
    }
}

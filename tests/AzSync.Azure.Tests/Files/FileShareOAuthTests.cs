using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using AzSync.Azure.Files;
using AzSync.Azure.Rest;
using AzSync.Core.Hashing;
using AzSync.Core.Stores;
using AzSync.FilesEmulator;
using AzSync.Testing.FakeIdentity;

namespace AzSync.Azure.Tests.Files;

/// <summary>Bearer tokens against the Files emulator over HTTPS: the backup intent goes on every request.</summary>
public sealed class FileShareOAuthTests : IAsyncLifetime
{
    private FilesEmulatorServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0, HttpsPort = 0 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed class StaticToken(string jwt) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(jwt, DateTimeOffset.UtcNow.AddHours(1));
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext,
            CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    private static string Token(params string[] roles) => FakeJwt.Create(new JsonObject
    {
        ["iss"] = "https://sts.windows.net/tenant-files/",
        ["aud"] = "https://storage.azure.com",
        ["oid"] = "oid-files",
        ["nbf"] = FakeJwt.Now - 60,
        ["iat"] = FakeJwt.Now - 60,
        ["exp"] = FakeJwt.Now + 3600,
        ["roles"] = new JsonArray(roles.Select(r => (JsonNode)r).ToArray()),
    });

    private async Task<FileShareStore> StoreAsync(string jwt, string share)
    {
        // The share is created with the key: share creation is a control-plane step in most real setups.
        var keyOptions = Options();
        var d = Destination(share);
        await FileShareStore.Open(d, new StorageCredential.SharedKey(_server.Options.AccountName,
            _server.Options.AccountKey, "k"), keyOptions).PrepareAsync(true, default);
        return FileShareStore.Open(d, new StorageCredential.Token(new StaticToken(jwt), "test token", "oid-files"),
            Options());
    }

    private FileShareStoreOptions Options()
    {
        var options = FilesSupport.With();
        options.Client.Transport = new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                cert is not null && cert.Thumbprint == _server.Certificate!.Thumbprint,
        });
        return options;
    }

    private static LocalFile Source(string content) => Source(System.Text.Encoding.UTF8.GetBytes(content));

    private static LocalFile Source(byte[] content)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, content);
        return new LocalFile(path, content.Length, MD5.HashData(content));
    }

    private FileShareDestination Destination(string share)
    {
        Assert.True(FileShareDestination.TryParse($"{_server.HttpsBaseUri!.AbsoluteUri.TrimEnd('/')}/{share}/site",
            false, out var d, out _));
        return d;
    }

    [Fact]
    public async Task A_token_with_the_privileged_role_syncs_with_the_backup_intent()
    {
        var store = await StoreAsync(Token("Storage File Data Privileged Contributor"), "oauth1");
        await store.WriteAsync(new StoreWrite("deep/dir/f.txt", Source("by token"), new ContentHeaders("text/plain"),
            null, false), default);
        var listed = new List<StoreEntry>();
        await foreach (var e in store.ListAsync("", default)) listed.Add(e);
        Assert.Equal("deep/dir/f.txt", Assert.Single(listed).Path);
    }

    [Fact]
    public async Task A_token_without_the_role_is_told_which_role_and_data_actions_to_grant()
    {
        var store = await StoreAsync(Token("Storage Blob Data Contributor"), "oauth2");
        var e = await Assert.ThrowsAsync<StoreException>(() =>
            store.WriteAsync(new StoreWrite("f.txt", Source("x"), new ContentHeaders(null), null, false), default));
        Assert.Equal(StoreErrorKind.Unauthorized, e.Kind);
        Assert.Contains("Storage File Data Privileged Contributor", e.Message);
        Assert.Contains("writeFileBackupSemantics", e.Message);
    }

    [Fact]
    public async Task A_changed_large_file_is_patched_with_the_token_authorizing_the_copy_source()
    {
        var jwt = Token("Storage File Data Privileged Contributor");
        var v1 = RandomNumberGenerator.GetBytes(6 << 20);
        var first = await StoreAsync(jwt, "oauth3");
        await first.WriteAsync(new StoreWrite("big.bin", Source(v1), new ContentHeaders(null), null, false), default);
        await first.CompleteAsync(default);

        var v2 = (byte[])v1.Clone();
        v2[3 << 20] ^= 0xff;
        var second = FileShareStore.Open(Destination("oauth3"),
            new StorageCredential.Token(new StaticToken(jwt), "test token"), Options());
        var listed = new List<StoreEntry>();
        await foreach (var e in second.ListAsync("", default)) listed.Add(e);
        var before = _server.Counters.Snapshot().GetValueOrDefault("PutRangeFromURL");
        var result = await second.WriteAsync(
            new StoreWrite("big.bin", Source(v2), new ContentHeaders(null), Assert.Single(listed), false), default);

        Assert.Equal(RangeWriter.ChunkSize, result.BytesSent);
        Assert.True(_server.Counters.Snapshot().GetValueOrDefault("PutRangeFromURL") > before);
        await using var read = await second.OpenReadAsync("big.bin", default);
        Assert.Equal(MD5.HashData(v2), await MD5.HashDataAsync(read));
    }

    [Fact]
    public async Task Bearer_replacements_and_deletes_send_no_conditional_header_and_every_request_says_backup()
    {
        var jwt = Token("Storage File Data Privileged Contributor");
        var dir = Directory.CreateTempSubdirectory("azsync-files-wire-").FullName;
        await FileShareStore.Open(Destination("oauthwire"),
            new StorageCredential.SharedKey(_server.Options.AccountName, _server.Options.AccountKey, "k"), Options())
            .PrepareAsync(true, default);

        var recorder = await WireScenario.RunAsync(
            o => Task.FromResult(FileShareStore.Open(Destination("oauthwire"),
                new StorageCredential.Token(new StaticToken(jwt), "test token"), o)), dir, Options);

        WireScenario.AssertRules(recorder);
        Assert.All(recorder.Requests,
            r => Assert.Equal("backup", r.Headers.GetValueOrDefault("x-ms-file-request-intent")));
        Assert.All(recorder.Requests.Where(r => r.Headers.ContainsKey("x-ms-copy-source")),
            r => Assert.StartsWith("Bearer ", r.Headers.GetValueOrDefault("x-ms-copy-source-authorization")));
        Directory.Delete(dir, true);
    }
}

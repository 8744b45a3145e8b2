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

    public async Task InitializeAsync() => _server = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0, HttpsPort = 0 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed class StaticToken(string jwt) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(jwt, DateTimeOffset.UtcNow.AddHours(1));
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    private static string Token(params string[] roles) => FakeJwt.Create(new JsonObject
    {
        ["iss"] = "https://sts.windows.net/tenant-files/", ["aud"] = "https://storage.azure.com", ["oid"] = "oid-files",
        ["nbf"] = FakeJwt.Now - 60, ["iat"] = FakeJwt.Now - 60, ["exp"] = FakeJwt.Now + 3600, ["roles"] = new JsonArray(roles.Select(r => (JsonNode)r).ToArray()),
    });

    private async Task<FileShareStore> StoreAsync(string jwt, string share)
    {
        // The share is created with the key: share creation is a control-plane step in most real setups.
        var keyOptions = Options();
        Assert.True(FileShareDestination.TryParse($"{_server.HttpsBaseUri!.AbsoluteUri.TrimEnd('/')}/{share}/site", false, out var d, out _));
        await FileShareStore.Open(d, new StorageCredential.SharedKey(_server.Options.AccountName, _server.Options.AccountKey, "k"), keyOptions).PrepareAsync(true, default);
        return FileShareStore.Open(d, new StorageCredential.Token(new StaticToken(jwt), "test token", "oid-files"), Options());
    }

    private StorageClientOptions Options() => new()
    {
        Transport = new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.Thumbprint == _server.Certificate!.Thumbprint,
        }),
    };

    private static LocalFile Source(string content)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, content);
        return new LocalFile(path, new FileInfo(path).Length, MD5.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public async Task A_token_with_the_privileged_role_syncs_with_the_backup_intent()
    {
        var store = await StoreAsync(Token("Storage File Data Privileged Contributor"), "oauth1");
        await store.WriteAsync(new StoreWrite("deep/dir/f.txt", Source("by token"), new ContentHeaders("text/plain"), null, false), default);
        var listed = new List<StoreEntry>();
        await foreach (var e in store.ListAsync("", default)) listed.Add(e);
        Assert.Equal("deep/dir/f.txt", Assert.Single(listed).Path);
    }

    [Fact]
    public async Task A_token_without_the_role_is_told_which_role_and_data_actions_to_grant()
    {
        var store = await StoreAsync(Token("Storage Blob Data Contributor"), "oauth2");
        var e = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync(new StoreWrite("f.txt", Source("x"), new ContentHeaders(null), null, false), default));
        Assert.Equal(StoreErrorKind.Unauthorized, e.Kind);
        Assert.Contains("Storage File Data Privileged Contributor", e.Message);
        Assert.Contains("writeFileBackupSemantics", e.Message);
    }
}

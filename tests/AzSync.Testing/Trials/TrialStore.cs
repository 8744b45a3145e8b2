using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Files.Shares;
using Azure.Storage.Files.Shares.Models;
using Azure.Storage.Sas;
using AzSync.FilesEmulator;

namespace AzSync.Testing.Trials;

/// <summary>One stored file: its bytes and the Content-MD5 the service keeps for it (null when none).</summary>
public sealed record Stored(byte[] Bytes, byte[]? Md5)
{
    public bool Md5Matches => Md5 is not null && MD5.HashData(Bytes).AsSpan().SequenceEqual(Md5);
}

/// <summary>
/// A destination for the trials: a real service behind a <see cref="FaultProxy"/>, the tool pointed at the proxy,
/// and the official SDK client reading the service directly (never through the proxy) to judge what was stored.
/// </summary>
public abstract class TrialStore : IAsyncDisposable
{
    public const string Prefix = "site";

    public FaultProxy Proxy { get; protected init; } = null!;
    public abstract string Kind { get; }
    public abstract IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>The tool's destination for a container (share): its "site" folder, through the proxy.</summary>
    public string Url(string container) => $"{Proxy.Endpoint.AbsoluteUri.TrimEnd('/')}/{container}/{Prefix}";

    public string[] TypeArgs => ["--destination-type", Kind];

    public abstract Task CreateAsync(string container);

    /// <summary>The account key the environment hands the tool.</summary>
    public abstract string Key { get; }

    /// <summary>A container (share) SAS query and its signature, signed with the key.</summary>
    public abstract (string Query, string Signature) Sas(string container, bool write);

    protected static (string Query, string Signature) Split(SasQueryParameters sas) => (sas.ToString(), sas.Signature);

    /// <summary>Every file in the container by full path, but azsync's own index.</summary>
    public abstract Task<SortedDictionary<string, Stored>> SnapshotAsync(string container);

    /// <summary>Writes as another client would, with the right Content-MD5.</summary>
    public abstract Task WriteAsync(string container, string path, byte[] bytes);

    public abstract ValueTask DisposeAsync();

    protected static bool IsIndex(string path) => path.EndsWith(".azsync-index.json", StringComparison.Ordinal);
}

public sealed class BlobTrialStore : TrialStore
{
    private readonly Azurite _azurite;
    private readonly BlobServiceClient _client;

    private BlobTrialStore(Azurite azurite, FaultProxy proxy)
    {
        _azurite = azurite;
        Proxy = proxy;
        _client = new BlobServiceClient(azurite.ConnectionString,
            new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05));
    }

    public static async Task<BlobTrialStore> StartAsync()
    {
        var azurite = await Azurite.StartAsync();
        return new BlobTrialStore(azurite, await FaultProxy.StartAsync(azurite.BlobEndpoint));
    }

    public override string Kind => "blob";

    public override IReadOnlyDictionary<string, string?> Environment =>
        new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };

    public override Task CreateAsync(string container) =>
        _client.GetBlobContainerClient(container).CreateIfNotExistsAsync();

    public override string Key => Azurite.Key;

    public override (string Query, string Signature) Sas(string container, bool write) => Split(
        new BlobSasBuilder(write ? BlobContainerSasPermissions.All
            : BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List,
            DateTimeOffset.UtcNow.AddHours(1))
        { BlobContainerName = container }
        .ToSasQueryParameters(new StorageSharedKeyCredential(Azurite.Account, Azurite.Key)));

    public override async Task<SortedDictionary<string, Stored>> SnapshotAsync(string container)
    {
        var c = _client.GetBlobContainerClient(container);
        var all = new SortedDictionary<string, Stored>(StringComparer.Ordinal);
        await foreach (var item in c.GetBlobsAsync(new GetBlobsOptions()))
        {
            if (IsIndex(item.Name)) continue;
            // The MD5 from the same response as the bytes: the listing's could describe an older version.
            try
            {
                var content = (await c.GetBlobClient(item.Name).DownloadContentAsync()).Value;
                all[item.Name] = new Stored(content.Content.ToArray(), content.Details.ContentHash);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Deleted since the listing: absent, as a later listing would say.
            }
        }
        return all;
    }

    public override Task WriteAsync(string container, string path, byte[] bytes) =>
        _client.GetBlobContainerClient(container).GetBlobClient(path).UploadAsync(new BinaryData(bytes),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentHash = MD5.HashData(bytes) },
            });

    public override async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

public sealed class FilesTrialStore : TrialStore
{
    private readonly FilesEmulatorServer _server;
    private readonly ShareServiceClient _client;

    private FilesTrialStore(FilesEmulatorServer server, FaultProxy proxy)
    {
        _server = server;
        Proxy = proxy;
        _client = new ShareServiceClient(server.BaseUri,
            new StorageSharedKeyCredential(server.Options.AccountName, server.Options.AccountKey),
            new ShareClientOptions(ShareClientOptions.ServiceVersion.V2025_11_05) { AllowTrailingDot = true });
    }

    public static async Task<FilesTrialStore> StartAsync()
    {
        var server = await FilesEmulatorServer.StartAsync(new FilesEmulatorOptions { Port = 0 });
        return new FilesTrialStore(server, await FaultProxy.StartAsync(server.BaseUri));
    }

    public override string Kind => "file";

    public override IReadOnlyDictionary<string, string?> Environment =>
        new Dictionary<string, string?> { ["AZURE_STORAGE_KEY"] = _server.Options.AccountKey };

    public override Task CreateAsync(string container) => _client.GetShareClient(container).CreateIfNotExistsAsync();

    public override string Key => _server.Options.AccountKey;

    public override (string Query, string Signature) Sas(string container, bool write) => Split(
        new ShareSasBuilder(write ? ShareSasPermissions.All : ShareSasPermissions.Read | ShareSasPermissions.List,
            DateTimeOffset.UtcNow.AddHours(1))
        { ShareName = container }
        .ToSasQueryParameters(new StorageSharedKeyCredential(_server.Options.AccountName, _server.Options.AccountKey)));

    public override async Task<SortedDictionary<string, Stored>> SnapshotAsync(string container)
    {
        var all = new SortedDictionary<string, Stored>(StringComparer.Ordinal);
        await WalkAsync(_client.GetShareClient(container).GetRootDirectoryClient(), "", all);
        return all;
    }

    private static async Task WalkAsync(ShareDirectoryClient dir, string prefix, SortedDictionary<string, Stored> all)
    {
        await foreach (var item in dir.GetFilesAndDirectoriesAsync())
        {
            if (item.IsDirectory)
            {
                await WalkAsync(dir.GetSubdirectoryClient(item.Name), prefix + item.Name + "/", all);
                continue;
            }
            if (IsIndex(item.Name)) continue;
            // The MD5 from the same response as the bytes: a separate property read could describe another version.
            try
            {
                using var download = (await dir.GetFileClient(item.Name).DownloadAsync()).Value;
                using var body = new MemoryStream();
                await download.Content.CopyToAsync(body);
                var md5 = download.ContentHash ?? download.Details.FileContentHash;
                all[prefix + item.Name] = new Stored(body.ToArray(), md5);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Deleted or renamed away since the listing: absent, as a later listing would say.
            }
        }
    }

    public override async Task WriteAsync(string container, string path, byte[] bytes)
    {
        var dir = _client.GetShareClient(container).GetRootDirectoryClient();
        var parts = path.Split('/');
        foreach (var part in parts[..^1])
        {
            dir = dir.GetSubdirectoryClient(part);
            await dir.CreateIfNotExistsAsync();
        }
        var file = dir.GetFileClient(parts[^1]);
        await file.CreateAsync(bytes.Length,
            new ShareFileCreateOptions
            {
                HttpHeaders = new ShareFileHttpHeaders { ContentHash = MD5.HashData(bytes) },
            });
        if (bytes.Length > 0)
            for (var offset = 0; offset < bytes.Length; offset += 4 << 20)
            {
                var length = Math.Min(4 << 20, bytes.Length - offset);
                await file.UploadRangeAsync(new global::Azure.HttpRange(offset, length),
                    new MemoryStream(bytes, offset, length));
            }
    }

    public override async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await _server.DisposeAsync();
    }
}

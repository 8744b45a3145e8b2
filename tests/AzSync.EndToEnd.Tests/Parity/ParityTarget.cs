using AzSync.Azure.Blobs;
using AzSync.Azure.Files;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;
using AzSync.FilesEmulator;
using AzSync.Testing;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Files.Shares;

namespace AzSync.EndToEnd.Tests.Parity;

/// <summary>
/// One kind of destination for the parity script: where the tool writes, the features its store declares, and how
/// another client reads back what landed there (the file system, or the official Azure SDK clients).
/// </summary>
public abstract class ParityTarget : IAsyncDisposable
{
    public abstract string Destination { get; }

    /// <summary>The destination as reached through <paramref name="endpoint"/> (a proxy in front of the service);
    /// null when the store is not reached over HTTP, so no request can be held from outside the tool.</summary>
    public abstract string? DestinationVia(Uri endpoint);

    /// <summary>The service endpoint with its account path, for a proxy to stand in front of.</summary>
    public virtual Uri? Endpoint => null;

    public virtual string[] Args => [];
    public virtual IReadOnlyDictionary<string, string?>? Environment => null;

    /// <summary>What the store the tool opens for <see cref="Destination"/> declares, read from that store.</summary>
    public abstract Task<StoreFeatures> FeaturesAsync();

    /// <summary>Every file the sync left, by path, without azsync's own bookkeeping.</summary>
    public abstract Task<Dictionary<string, byte[]>> ReadAsync();

    /// <summary>A file's Content-Type and Cache-Control, or null where the destination has no place for them.</summary>
    public abstract Task<(string? ContentType, string? CacheControl)?> HeadersAsync(string path);

    /// <summary>Another writer puts <paramref name="content"/> at <paramref name="path"/>.</summary>
    public abstract Task WriteAsOtherAsync(string path, byte[] content);

    public abstract ValueTask DisposeAsync();
}

public sealed class LocalTarget(string folder, IDisposable? mount = null) : ParityTarget
{
    public LocalTarget(AzSync.Testing.CaseFolding.CaseInsensitiveMount mount)
        : this(Path.Combine(mount.Path, "dst"), mount)
    {
    }

    public override string Destination => folder;
    public override string? DestinationVia(Uri endpoint) => null;

    public override async Task<StoreFeatures> FeaturesAsync()
    {
        await using var store = new LocalStore(folder);
        await store.PrepareAsync(false, default);
        return store.Features;
    }

    public override Task<Dictionary<string, byte[]>> ReadAsync() => Task.FromResult(
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => p != ".azsync-index.json")
            .ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(folder, p)), StringComparer.Ordinal));

    public override Task<(string?, string?)?> HeadersAsync(string path) => Task.FromResult<(string?, string?)?>(null);

    public override Task WriteAsOtherAsync(string path, byte[] content) =>
        File.WriteAllBytesAsync(Path.Combine(folder, path), content);

    public override ValueTask DisposeAsync()
    {
        mount?.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class BlobTarget(Azurite azurite, string container) : ParityTarget
{
    private readonly BlobContainerClient _client = new(azurite.ConnectionString, container,
        new BlobClientOptions(SdkClientOptions.ServiceVersionOf<BlobClientOptions.ServiceVersion>()));

    public override string Destination => azurite.ContainerUrl(container);
    public override Uri? Endpoint => azurite.BlobEndpoint;
    public override string? DestinationVia(Uri endpoint) => $"{endpoint.AbsoluteUri.TrimEnd('/')}/{container}";
    public override string[] Args => ["--destination-type", "blob"];
    public override IReadOnlyDictionary<string, string?> Environment =>
        new Dictionary<string, string?> { ["AZURE_STORAGE_KEY"] = Azurite.Key };

    public override async Task<StoreFeatures> FeaturesAsync()
    {
        Assert.True(BlobDestination.TryParse(Destination, false, out var destination, out var error), error);
        var key = new StorageCredential.SharedKey(Azurite.Account, Azurite.Key, "test");
        await using var store = BlobStore.Open(destination, key);
        return store.Features;
    }

    public override async Task<Dictionary<string, byte[]>> ReadAsync()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var blob in _client.GetBlobsAsync())
            files[blob.Name] = (await _client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
        return files;
    }

    public override async Task<(string?, string?)?> HeadersAsync(string path)
    {
        var properties = (await _client.GetBlobClient(path).GetPropertiesAsync()).Value;
        return (properties.ContentType, properties.CacheControl);
    }

    public override async Task WriteAsOtherAsync(string path, byte[] content) =>
        await _client.GetBlobClient(path).UploadAsync(new BinaryData(content), overwrite: true);

    public override ValueTask DisposeAsync() => azurite.DisposeAsync();
}

public sealed class FilesTarget(FilesEmulatorServer server, string share, string directory) : ParityTarget
{
    private readonly ShareDirectoryClient _root = new ShareServiceClient(server.BaseUri,
            new StorageSharedKeyCredential(server.Options.AccountName, server.Options.AccountKey))
        .GetShareClient(share).GetDirectoryClient(directory);

    public override string Destination => DestinationVia(server.BaseUri);
    public override Uri? Endpoint => server.BaseUri;
    public override string DestinationVia(Uri endpoint) => $"{endpoint.AbsoluteUri.TrimEnd('/')}/{share}/{directory}";
    public override string[] Args => ["--destination-type", "file"];
    public override IReadOnlyDictionary<string, string?> Environment =>
        new Dictionary<string, string?> { ["AZURE_STORAGE_KEY"] = server.Options.AccountKey };

    public override async Task<StoreFeatures> FeaturesAsync()
    {
        Assert.True(FileShareDestination.TryParse(Destination, true, out var destination, out var error), error);
        var key = new StorageCredential.SharedKey(server.Options.AccountName, server.Options.AccountKey, "test");
        await using var store = FileShareStore.Open(destination, key);
        return store.Features;
    }

    public override async Task<Dictionary<string, byte[]>> ReadAsync()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await Walk(_root, "");
        files.Remove(".azsync-index.json");
        return files;

        async Task Walk(ShareDirectoryClient dir, string prefix)
        {
            await foreach (var item in dir.GetFilesAndDirectoriesAsync())
            {
                if (item.IsDirectory) await Walk(dir.GetSubdirectoryClient(item.Name), prefix + item.Name + "/");
                else
                {
                    using var copy = new MemoryStream();
                    await (await dir.GetFileClient(item.Name).DownloadAsync()).Value.Content.CopyToAsync(copy);
                    files[prefix + item.Name] = copy.ToArray();
                }
            }
        }
    }

    public override async Task<(string?, string?)?> HeadersAsync(string path)
    {
        var properties = (await File(path).GetPropertiesAsync()).Value;
        return (properties.ContentType, properties.CacheControl);
    }

    public override async Task WriteAsOtherAsync(string path, byte[] content)
    {
        var file = File(path);
        await file.CreateAsync(content.Length);
        await file.UploadAsync(new MemoryStream(content));
    }

    private ShareFileClient File(string path) => path.LastIndexOf('/') is var slash and >= 0
        ? _root.GetSubdirectoryClient(path[..slash]).GetFileClient(path[(slash + 1)..])
        : _root.GetFileClient(path);

    public override async ValueTask DisposeAsync() => await server.DisposeAsync();
}

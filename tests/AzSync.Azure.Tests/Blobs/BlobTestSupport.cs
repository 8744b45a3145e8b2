using Azure.Core;
using Azure.Core.Pipeline;
using AzSync.Azure.Blobs;
using AzSync.Azure.Rest;
using AzSync.Testing;

namespace AzSync.Azure.Tests.Blobs;

/// <summary>Counts every request a store sends, by method and query, through the real pipeline.</summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => _requests.ToList();

    public int Count(string method, string? queryContains = null) =>
        _requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal)
            && (queryContains is null || r.Contains(queryContains, StringComparison.Ordinal)));

    public override void OnSendingRequest(HttpMessage message) =>
        _requests.Enqueue($"{message.Request.Method} {message.Request.Uri.Query}");
}

internal static class BlobTestSupport
{
    public static StorageCredential Key => new StorageCredential.SharedKey(Azurite.Account, Azurite.Key, "test key");

    public static async Task<(BlobStore Store, RequestCounter Counter)> NewStoreAsync(Azurite azurite,
        string? container = null, StorageCredential? credential = null, BlobStoreOptions? options = null,
        string prefix = "", bool create = true)
    {
        container ??= "c" + Guid.NewGuid().ToString("N")[..12];
        var url = azurite.ContainerUrl(container) + (prefix.Length > 0 ? "/" + prefix : "");
        Assert.True(BlobDestination.TryParse(url, false, out var destination, out var error), error);
        var counter = new RequestCounter();
        var client = options?.Client ?? SdkClientOptions.ForBlobs();
        client.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var store = BlobStore.Open(destination, credential ?? Key,
            (options ?? new BlobStoreOptions()) with { Client = client });
        if (create) await store.PrepareAsync(createIfMissing: true, default);
        return (store, counter);
    }
}

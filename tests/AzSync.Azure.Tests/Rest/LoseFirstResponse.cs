using Azure.Core;
using Azure.Core.Pipeline;

namespace AzSync.Azure.Tests.Rest;

/// <summary>Lets the first matching request reach the service, then throws away its answer as a reset would.</summary>
public sealed class LoseFirstResponse(Func<HttpMessage, bool> matches, Action? afterApplied = null) : HttpPipelinePolicy
{
    private int _lost;
    public int Lost => _lost;

    /// <summary>Blob client options with this policy on every try
    /// and quick retries, so the retry comes at once.</summary>
    public global::Azure.Storage.Blobs.BlobClientOptions BlobOptions()
    {
        var options = AzSync.Azure.Rest.SdkClientOptions.ForBlobs();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.RetryPolicy = new AzSync.Azure.Rest.StorageRetryPolicy(options.Retry); // takes the delay when built
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return options;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        if (matches(message) && message.Response.Status is >= 200 and < 300 && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            afterApplied?.Invoke();
            throw new IOException("connection reset by the test after the service applied the write");
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}

using System.Net.Sockets;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace AzSync.Azure.Rest;

/// <summary>
/// What the Blob and Files SDK clients share: one service version, one retry rule, logging that keeps secrets out,
/// and our credential mapped onto the SDK's own types.
/// </summary>
internal static class SdkClientOptions
{
    /// <summary>
    /// Released (so the real service takes it), accepted in strict mode by Azurite 3.35 and 3.37 and by our Files
    /// emulator (which refuses the 2026 versions today), and new enough for bearer tokens on Files share operations
    /// (2024-11-04). The README says the same.
    /// </summary>
    public const string ServiceVersion = "2025-11-05";

    /// <summary>The SDK's member for <see cref="ServiceVersion"/>
    /// (V2025_11_05), whichever client's enum it is.</summary>
    public static TEnum ServiceVersionOf<TEnum>() where TEnum : struct, Enum =>
        Enum.Parse<TEnum>("V" + ServiceVersion.Replace('-', '_'));

    public static BlobClientOptions ForBlobs()
    {
        var options = Configure(new BlobClientOptions(ServiceVersionOf<BlobClientOptions.ServiceVersion>()));
        options.AddPolicy(new AzSync.Azure.Blobs.PlannedMd5Policy(), HttpPipelinePosition.PerCall);
        return options;
    }

    /// <summary>Retries with backoff (an unknown host once), no body in logs, only secret-free names logged.</summary>
    public static T Configure<T>(T options) where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromMilliseconds(400);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        options.RetryPolicy = new StorageRetryPolicy(options.Retry);
        options.Diagnostics.IsLoggingContentEnabled = false;
        options.Diagnostics.IsTelemetryEnabled = false;
        // Names that can never carry a secret; the SDK already shows sig, skoid and the like as "REDACTED".
        string[] queryNames =
            ["restype", "comp", "prefix", "marker", "maxresults", "include", "blockid", "blocklisttype"];
        foreach (var name in queryNames)
            options.Diagnostics.LoggedQueryParameters.Add(name);
        string[] headerNames =
            ["x-ms-version", "x-ms-request-id", "x-ms-error-code", "ETag", "If-Match", "If-None-Match"];
        foreach (var name in headerNames)
            options.Diagnostics.LoggedHeaderNames.Add(name);
        return options;
    }

    /// <summary>
    /// One client for our credential, through the SDK constructor that takes its type. The URI must carry no SAS:
    /// the SDK refuses a SAS in both the URI and the credential.
    /// </summary>
    public static T Create<T>(StorageCredential credential, Func<StorageSharedKeyCredential, T> sharedKey,
        Func<AzureSasCredential, T> sas, Func<TokenCredential, T> token, Func<T> anonymous) => credential switch
        {
            StorageCredential.SharedKey k => sharedKey(new StorageSharedKeyCredential(k.AccountName, k.AccountKey)),
            StorageCredential.Sas s => sas(new AzureSasCredential(s.Query.TrimStart('?'))),
            StorageCredential.Token t => token(t.Credential),
            _ => anonymous(),
        };
}

/// <summary>
/// The SDK's retries, except that a host name that does not resolve is tried once more, not five times: a typo
/// in the URL should fail in a second, and a DNS blip gets its one retry.
/// </summary>
internal sealed class StorageRetryPolicy(RetryOptions retry)
    : RetryPolicy(int.MaxValue, DelayStrategy.CreateExponentialDelayStrategy(retry.Delay, retry.MaxDelay))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        Allowed(message, exception) && base.ShouldRetry(message, exception);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        Allowed(message, exception) && await base.ShouldRetryAsync(message, exception).ConfigureAwait(false);

    // MaxRetries is read at each decision, so a caller (a test) may lower it after the options were configured.
    // HttpMessage.RetryNumber is internal to Azure.Core, so the message carries our own count.
    private bool Allowed(HttpMessage message, Exception? exception)
    {
        var retries = message.TryGetProperty(typeof(StorageRetryPolicy), out var n) ? (int)n! : 0;
        message.SetProperty(typeof(StorageRetryPolicy), retries + 1);
        return retries < (UnknownHost(exception) ? Math.Min(1, retry.MaxRetries) : retry.MaxRetries);
    }

    internal static bool UnknownHost(Exception? e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }
                or SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData })
                return true;
        return false;
    }
}

using Azure.Core;
using Azure.Core.Pipeline;

namespace AzSync.Azure.Rest;

/// <summary>
/// Options for our Blob and Files REST clients, in the Azure SDK's shape: Azure.Core supplies retries with
/// exponential backoff, logging and the transport; we add the storage headers and the authorization policy.
/// </summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>
    /// One fixed service version: new enough for bearer tokens on Azure Files share operations (2024-11-04) and
    /// accepted by Azurite 3.35.0 in strict mode.
    /// </summary>
    public string ServiceVersion { get; set; } = SdkClientOptions.ServiceVersion;

    /// <summary>Headers every request of this client carries (Files adds its backup intent and trailing-dot ones).</summary>
    public IDictionary<string, string> ExtraHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(400);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        Diagnostics.IsLoggingContentEnabled = false;
        Diagnostics.IsTelemetryEnabled = false;
        // Only names that can never carry a secret are logged; sig, skoid and the like stay "REDACTED".
        foreach (var name in new[] { "restype", "comp", "prefix", "marker", "maxresults", "include", "blockid", "blocklisttype" })
            Diagnostics.LoggedQueryParameters.Add(name);
        foreach (var name in new[] { "x-ms-version", "x-ms-request-id", "x-ms-error-code", "x-ms-client-request-id", "ETag", "If-Match", "If-None-Match" })
            Diagnostics.LoggedHeaderNames.Add(name);
    }

    /// <summary>The pipeline for one credential; the authorization policy runs on every retry, as the SDK's does.</summary>
    internal HttpPipeline Build(StorageCredential credential)
    {
        HttpPipelinePolicy? auth = credential switch
        {
            StorageCredential.SharedKey key => new SharedKeyPipelinePolicy(key.AccountName, key.AccountKey),
            StorageCredential.Sas sas => new SasPipelinePolicy(sas.Query),
            StorageCredential.Token token => new BearerTokenAuthenticationPolicy(token.Credential, "https://storage.azure.com/.default"),
            _ => null,
        };
        var perCall = new HttpPipelinePolicy[] { new StorageHeadersPolicy(ServiceVersion, ExtraHeaders) };
        return HttpPipelineBuilder.Build(this, perCall, auth is null ? [] : [auth], new StorageResponseClassifier());
    }
}

/// <summary>x-ms-version and the client's fixed headers on every request.</summary>
internal sealed class StorageHeadersPolicy(string version, IDictionary<string, string> extra) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-version", version);
        foreach (var (name, value) in extra) message.Request.Headers.SetValue(name, value);
    }
}

/// <summary>Appends the SAS to every request; the query never reaches logs (sig is not a logged parameter).</summary>
internal sealed class SasPipelinePolicy(string query) : HttpPipelineSynchronousPolicy
{
    private readonly string _query = query.TrimStart('?');

    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri;
        var existing = uri.Query;
        if (existing.Contains("sig=", StringComparison.Ordinal)) return; // a retry already has it
        uri.Query = string.IsNullOrEmpty(existing) || existing == "?" ? "?" + _query : existing + "&" + _query;
    }
}

/// <summary>Storage answers 409/412 for conditions and 404 for absence: callers decide, so only 5xx/408/429 retry.</summary>
internal sealed class StorageResponseClassifier : ResponseClassifier
{
    public override bool IsRetriableResponse(HttpMessage message) =>
        message.Response.Status is 408 or 429 or 500 or 502 or 503 or 504;
}

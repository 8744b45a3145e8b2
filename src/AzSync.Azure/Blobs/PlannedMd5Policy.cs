using Azure.Core;
using Azure.Core.Pipeline;

namespace AzSync.Azure.Blobs;

/// <summary>
/// Sends the MD5 the plan made as Put Blob's Content-MD5, which the SDK cannot do (it takes no precalculated MD5 for
/// an upload): the service then refuses a streamed file whose bytes changed since hashing, instead of storing them
/// under the old MD5. Set per upload through <see cref="HttpPipeline.CreateHttpMessagePropertiesScope"/>.
/// </summary>
internal sealed class PlannedMd5Policy : HttpPipelineSynchronousPolicy
{
    public const string Property = "azsync.planned-content-md5";

    public static IDisposable Scope(byte[] md5) =>
        HttpPipeline.CreateHttpMessagePropertiesScope(new Dictionary<string, object?> { [Property] = md5 });

    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.TryGetProperty(Property, out var value) && value is byte[] md5)
            message.Request.Headers.SetValue("Content-MD5", Convert.ToBase64String(md5));
    }
}

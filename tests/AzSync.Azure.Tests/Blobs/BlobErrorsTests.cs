using Azure;
using AzSync.Azure.Blobs;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;

namespace AzSync.Azure.Tests.Blobs;

public sealed class BlobErrorsTests
{
    private static readonly BlobDestination Destination = Parse("https://acct.blob.core.windows.net/site");

    private static BlobDestination Parse(string url)
    {
        Assert.True(BlobDestination.TryParse(url, false, out var d, out var error), error);
        return d;
    }

    [Theory]
    [InlineData("InvalidOperation", "Provided contentMD5 doesn't match.")] // Azurite's words
    [InlineData("Md5Mismatch",
        "The MD5 value specified in the request did not match with the MD5 value calculated by the server.")]
    public void The_service_refusing_our_md5_reads_changed_while_syncing(string code, string message)
    {
        var e = new RequestFailedException(400, message + "\nRequestId:1\nTime:now", code, null);

        var store =
            BlobErrors.ToStoreException(e, "'a.txt'", Destination, new StorageCredential.Anonymous(), "/src/a.txt");

        Assert.Equal(StoreErrorKind.Failed, store.Kind);
        Assert.StartsWith("'/src/a.txt' changed while syncing", store.Message);
    }
}

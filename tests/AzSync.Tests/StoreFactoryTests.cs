using AzSync.Azure.Blobs;
using AzSync.Azure.Files;
using AzSync.Azure.Rest;
using AzSync.Core;
using AzSync.Core.Stores.Local;
using AzSync.Stores;

namespace AzSync.Tests;

/// <summary>Which store a destination opens, and the usage errors for one that names none. Opening makes no
/// request, so no service is needed.</summary>
public sealed class StoreFactoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("azsync-factory-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<Type> OpenedAsync(string destination, string? type = null, bool allowHttp = false)
    {
        await using var store = StoreFactory.Open(destination, new StoreOpenOptions(type, allowHttp),
            new StorageCredential.Anonymous());
        return store.GetType();
    }

    [Fact]
    public async Task A_folder_opens_the_local_store_on_that_folder()
    {
        var folder = Path.Combine(_root, "out");
        await using var store = StoreFactory.Open(folder, new StoreOpenOptions(null, false));

        Assert.IsType<LocalStore>(store);
        Assert.Equal(folder, store.LocalFolder);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/web", null, typeof(BlobStore))]
    [InlineData("https://acct.blob.core.windows.net/web/site/v2", null, typeof(BlobStore))]
    [InlineData("https://acct.file.core.windows.net/share/dir", null, typeof(FileShareStore))]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/web", null, typeof(BlobStore))]
    [InlineData("http://127.0.0.1:10004/devstoreaccount1/share", null, typeof(FileShareStore))]
    [InlineData("http://127.0.0.1:7777/devstoreaccount1/share", "file", typeof(FileShareStore))]
    [InlineData("https://cdn.example.com/web", "blob", typeof(BlobStore))]
    [InlineData("https://acct.blob.core.windows.net/web", "local", typeof(LocalStore))]
    public async Task A_url_opens_the_store_its_host_port_or_destination_type_names(string url, string? type,
        Type expected)
    {
        Assert.Equal(expected, await OpenedAsync(url, type));
    }

    [Theory]
    [InlineData("s3://bucket/web", "'s3' URLs are not supported")]
    [InlineData("https://example.com/web", "Cannot tell whether")]
    [InlineData("http://storage.example.com:10000/acct/web", "use https:// or pass --allow-http")]
    [InlineData("https://acct.blob.core.windows.net/", "the URL names no container")]
    [InlineData("https://acct.blob.core.windows.net/Web_Site", "'Web_Site' is not a valid container name")]
    public async Task A_destination_that_names_no_store_is_a_usage_error(string url, string expected)
    {
        var e = await Assert.ThrowsAsync<UserFacingException>(() => OpenedAsync(url));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task A_refused_url_is_named_without_its_signature()
    {
        var e = await Assert.ThrowsAsync<UserFacingException>(() =>
            OpenedAsync("https://example.com/web?sv=2024-01-01&sig=TOPSECRETsignature"));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.DoesNotContain("TOPSECRETsignature", e.Message);
    }

    [Fact]
    public void Auth_status_refuses_a_local_folder_as_needing_no_credential()
    {
        var e = Assert.Throws<UserFacingException>(() => StoreFactory.RequireAzure(_root, null, false));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.EndsWith("is a local folder: no credential is needed.", e.Message);
    }
}

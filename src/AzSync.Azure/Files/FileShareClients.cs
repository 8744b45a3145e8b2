using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Files.Shares;
using Azure.Storage.Files.Shares.Models;
using Azure.Storage.Sas;
using AzSync.Azure.Rest;

namespace AzSync.Azure.Files;

/// <summary>
/// The official Files SDK clients for one destination: our credential mapped onto the SDK's own types, and the
/// share-relative paths the store works with turned into file and directory clients.
/// </summary>
internal sealed class FileShareClients
{
    private readonly StorageCredential _credential;

    public FileShareClients(FileShareDestination destination, StorageCredential credential, ShareClientOptions options)
    {
        _credential = credential;
        // Required whatever the caller set: tokens work on Files only as backup-semantics requests (the intent
        // header is documented for OAuth only, so other credentials do not send it), and names ending in '.' are
        // legal on the share but trimmed by the service unless the request says otherwise.
        if (credential is StorageCredential.Token) options.ShareTokenIntent = ShareTokenIntent.Backup;
        options.AllowTrailingDot = true;
        options.AllowSourceTrailingDot = true;
        Share = credential switch
        {
            StorageCredential.SharedKey key => new ShareClient(destination.ShareUri,
                new StorageSharedKeyCredential(key.AccountName, key.AccountKey), options),
            // In the URL rather than as an AzureSasCredential: the SDK then also puts it on rename and copy sources,
            // which the service authorizes by their own URL.
            StorageCredential.Sas sas =>
                new ShareClient(new Uri(destination.ShareUri.AbsoluteUri + "?" + sas.Query.TrimStart('?')), options),
            StorageCredential.Token token => new ShareClient(destination.ShareUri, token.Credential, options),
            _ => new ShareClient(destination.ShareUri, options),
        };
    }

    public ShareClient Share { get; }

    /// <summary>The options every SDK client of azsync shares (version, retries, logging), for Files.</summary>
    public static ShareClientOptions DefaultOptions() =>
        SdkClientOptions.Configure(
            new ShareClientOptions(SdkClientOptions.ServiceVersionOf<ShareClientOptions.ServiceVersion>()));

    public ShareDirectoryClient Directory(string path) =>
        path.Length == 0 ? Share.GetRootDirectoryClient() : Share.GetDirectoryClient(path);

    public ShareFileClient File(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0
            ? Share.GetRootDirectoryClient().GetFileClient(path)
            : Share.GetDirectoryClient(path[..slash]).GetFileClient(path[(slash + 1)..]);
    }

    /// <summary>False for anonymous access: nothing can read the old file, so writes send every byte.</summary>
    public bool CanCopy => _credential is not StorageCredential.Anonymous;

    /// <summary>
    /// How Put Range From URL may read <paramref name="source"/>: the service authorizes a copy source by its own
    /// URL (a SAS: the user's, or a read-only one the SDK signs with the key) or by a bearer token in
    /// x-ms-copy-source-authorization, never by the request's Shared Key.
    /// </summary>
    public async Task<(Uri Uri, HttpAuthorization? Authorization)> CopySourceAsync(ShareFileClient source,
        CancellationToken ct)
    {
        switch (_credential)
        {
            case StorageCredential.SharedKey:
                return (source.GenerateSasUri(ShareFileSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1)), null);
            case StorageCredential.Token token:
                var scope = new TokenRequestContext(["https://storage.azure.com/.default"]);
                var bearer = await token.Credential.GetTokenAsync(scope, ct).ConfigureAwait(false);
                return (source.Uri, new HttpAuthorization("Bearer", bearer.Token));
            default:
                return (source.Uri, null);
        }
    }
}

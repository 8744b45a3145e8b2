using AzSync.Azure.Blobs;
using AzSync.Azure.Identity;
using AzSync.Azure.Rest;
using AzSync.Core;
using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;

namespace AzSync.Stores;

/// <summary>What opening a store may need besides the destination; each store takes what it needs.</summary>
/// <param name="Auth">How to pick a credential for an Azure destination; null means the process defaults.</param>
/// <param name="Log">Where `-v` explains the credential choice; null keeps quiet.</param>
/// <param name="IgnoreReadOnly">Azure Files: replace files with the ReadOnly attribute (--ignore-readonly).</param>
/// <param name="Note">Receives what the user should know that is not a failure (a cleared leftover lease); null
/// keeps quiet.</param>
internal sealed record StoreOpenOptions(string? DestinationType, bool AllowHttp, AuthRequest? Auth = null,
    TextWriter? Log = null, bool IgnoreReadOnly = false, Action<string>? Note = null);

/// <summary>An Azure destination as sync, plan and auth status all read it: exactly one of Blob and Share is
/// set.</summary>
/// <param name="AccountName">Null when the URL does not name it (a custom domain): the credential must.</param>
internal sealed record AzureDestination(StorageService Service, string? AccountName, string? SasQuery, Uri ServiceUri,
    BlobDestination? Blob = null, AzSync.Azure.Files.FileShareDestination? Share = null);

/// <summary>Turns a destination string into a store. The one place that knows every kind of store.</summary>
internal static partial class StoreFactory
{
    public static IStore Open(string destination, StoreOpenOptions options, StorageCredential? credential = null)
    {
        if (IsLocal(destination, options.DestinationType))
            return new LocalStore(destination);

        var azure = ParseAzure(destination, options.DestinationType, options.AllowHttp);
        credential ??= Choose(options, azure.AccountName, azure.Service, azure.SasQuery);
        CheckTls(azure.ServiceUri, credential);
        return azure.Share is { } share
            ? AzSync.Azure.Files.FileShareStore.Open(share, credential, new AzSync.Azure.Files.FileShareStoreOptions
            {
                IgnoreReadOnly = options.IgnoreReadOnly,
                Note = options.Note,
            })
            : BlobStore.Open(azure.Blob!, credential);
    }

    private static bool IsLocal(string destination, string? kind)
    {
        // --destination-type accepts only local, blob or file at parse time (SyncOptions.NewDestinationType).
        var isUrl = destination.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ||
                    destination.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        if (!isUrl && kind != "local" && OtherScheme().Match(destination) is { Success: true } other)
            // Taken as a folder, "s3://bucket" would quietly become ./s3:/bucket.
            throw new UserFacingException(ExitCodes.Usage,
                $"Destination '{Redaction.RedactUri(destination)}': " +
                $"'{other.Groups[1].Value}' URLs are not supported; use https://… for Azure, " +
                "or a local folder (write ./ in front for a folder really named like this).");
        return !isUrl || kind == "local";
    }

    /// <summary>The one reading of an Azure destination URL (by the SDK's URI builders, through StorageUrl), so sync,
    /// plan and auth status agree on the account, the service and the SAS.</summary>
    public static AzureDestination ParseAzure(string destination, string? destinationType, bool allowHttp)
    {
        if ((destinationType ?? ServiceOf(destination)) == "file")
        {
            if (!AzSync.Azure.Files.FileShareDestination.TryParse(destination, allowHttp, out var share,
                out var shareError))
            {
                throw BadDestination(destination, shareError);
            }
            var account = share.AccountName is { Length: > 0 } a ? a : null;
            return new AzureDestination(StorageService.File, account, share.SasQuery, share.ServiceUri, Share: share);
        }
        if (!BlobDestination.TryParse(destination, allowHttp, out var blob, out var error))
            throw BadDestination(destination, error);
        return new AzureDestination(StorageService.Blob, blob.AccountName, blob.SasQuery, blob.ServiceUri, Blob: blob);
    }

    /// <summary>For `auth status`: the destination as a sync would read it, or a usage error unless it is a Blob or
    /// Files URL a credential is for. No request is made.</summary>
    public static AzureDestination RequireAzure(string destination, string? destinationType, bool allowHttp)
    {
        // Other schemes ("htps://") are refused as a sync would refuse them.
        if (IsLocal(destination, destinationType))
        {
            throw new UserFacingException(ExitCodes.Usage,
                $"'{Redaction.RedactUri(destination)}' is a local folder: no credential is needed.");
        }
        return ParseAzure(destination, destinationType, allowHttp);
    }

    /// <summary>For `auth status`: can this credential list the destination? Null when it can, else why not.</summary>
    public static async Task<string?> ProbeAsync(string destination, string? destinationType, bool allowHttp,
        StorageCredential credential, CancellationToken ct)
    {
        try
        {
            await using var store = Open(destination, new StoreOpenOptions(destinationType, allowHttp), credential);
            await store.PrepareAsync(createIfMissing: false, ct);
            await using var entries = store.ListAsync("", ct).GetAsyncEnumerator(ct);
            await entries.MoveNextAsync();
            return null;
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.Unreachable)
        {
            // The read never reached the service, so it says nothing about the credential: a failed run, not exit 3.
            throw new UserFacingException(ExitCodes.Failed, e.Message);
        }
        catch (StoreException e)
        {
            return e.Message;
        }
    }

    /// <summary>Azure.Core refuses a bearer token over plain http only when the first request goes out, as an
    /// InvalidOperationException; said here, before any request, it is the usage error it is.</summary>
    private static void CheckTls(Uri endpoint, StorageCredential credential)
    {
        if (credential is StorageCredential.Token token && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new UserFacingException(ExitCodes.Usage, $"A token credential ({token.Source}) needs an https:// " +
                "destination; use a key or SAS with an http emulator.");
        }
    }

    /// <summary>Which service a URL names: the host says so on Azure; on an emulator the well-known port
    /// does.</summary>
    private static string ServiceOf(string destination)
    {
        if (!StorageUrl.TryCreateUri(destination, out var uri, out var error))
            throw BadDestination(destination, error);
        if (uri.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase) || uri.Port == 10000) return "blob";
        if (uri.Host.Contains(".file.", StringComparison.OrdinalIgnoreCase) || uri.Port == 10004) return "file";
        throw new UserFacingException(ExitCodes.Usage,
            $"Cannot tell whether '{Redaction.RedactUri(destination)}' is Blob or Files; " +
            "pass --destination-type blob or --destination-type file.");
    }

    /// <summary>A destination that no store reads, with why (the parser's words).</summary>
    private static UserFacingException BadDestination(string destination, string? why) =>
        new(ExitCodes.Usage, $"Destination '{Redaction.RedactUri(destination)}': {why}.");

    private static StorageCredential Choose(StoreOpenOptions options, string? account, StorageService service,
        string? sas)
    {
        var request = (options.Auth ?? new AuthRequest { Environment = AuthRequest.ProcessEnvironment() }) with
        {
            AccountName = account,
            Service = service,
            SasQuery = sas,
        };
        try
        {
            var choice = CredentialChooser.Choose(request);
            if (options.Log is { } log)
            {
                log.WriteLine($"credential: {choice}");
                foreach (var skipped in choice.Skipped) log.WriteLine($"  skipped {skipped}");
            }
            return choice.Credential;
        }
        catch (CredentialConfigurationException e)
        {
            throw new UserFacingException(e.ExitCode, e.Message);
        }
    }

    // Two letters at least, so a Windows drive ("C:/") is still a folder.
    [System.Text.RegularExpressions.GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]+)://")]
    private static partial System.Text.RegularExpressions.Regex OtherScheme();
}

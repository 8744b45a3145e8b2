using Azure;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;

namespace AzSync.Azure.Files;

/// <summary>The service's error codes for Files, in the user's words: what happened and what to do.</summary>
internal static class FileErrors
{
    public static StoreException ToStoreException(RequestFailedException e, string what,
        FileShareDestination destination, StorageCredential credential)
    {
        var (kind, message, transient) = Explain(e, what, destination, credential);
        return new StoreException(kind, message, transient, e);
    }

    private static (StoreErrorKind, string, bool) Explain(RequestFailedException e, string what,
        FileShareDestination destination, StorageCredential credential) =>
        (e.Status, e.ErrorCode) switch
        {
            (409, "ResourceAlreadyExists") => (StoreErrorKind.Conflict,
                $"{what} changed at the destination after it was listed; not overwritten.", false),
            (409, "ReadOnlyAttribute") => (StoreErrorKind.Failed, $"{what} has the ReadOnly attribute at the " +
                "destination; not replaced. Pass --ignore-readonly to replace read-only files.", false),
            (409, "LeaseAlreadyPresent") or (412, "LeaseIdMissing") =>
                (StoreErrorKind.Conflict, LeasedMessage(what, "not overwritten"), false),
            (412, _) => (StoreErrorKind.Conflict,
                $"{what} changed at the destination while azsync held it ({e.ErrorCode}); not changed.", false),
            (404, "ParentNotFound") => (StoreErrorKind.Failed,
                $"A folder on the way to {what} is a file at the destination where the source has a folder " +
                "(or was removed meanwhile); run with --delete to replace such a file.", false),
            (404, "ShareNotFound") => (StoreErrorKind.DestinationNotFound,
                $"Share '{destination.Share}' does not exist. Create it, or pass --create-container.", false),
            (403, "AuthorizationPermissionMismatch") when credential is StorageCredential.Token t =>
                (StoreErrorKind.Unauthorized,
                    $"Access to {what} was denied ({e.ErrorCode}) for " +
                    $"{(t.Identity is null ? "the identity in use" : $"'{t.Identity}'")}. " +
                    "Azure Files accepts tokens only with backup semantics: grant the " +
                    "'Storage File Data Privileged Contributor' role (Reader for a dry run), which carries the " +
                    "Microsoft.Storage/storageAccounts/fileServices/readFileBackupSemantics and " +
                    "writeFileBackupSemantics data actions.", false),
            (409, "FileOAuthManagementApiRestrictedToSrp") => (StoreErrorKind.Unauthorized,
                $"The service refused a share operation with a token ({e.ErrorCode}): " +
                "create the share with a key or SAS, or in the portal.", false),
            // Files answers every refusal with an error code; a Blob endpoint (Azurite included) refuses Files' restype
            // values with a bare 400 or a query/URI code: the URL names the wrong service.
            (400, null or "InvalidQueryParameterValue" or "InvalidUri" or "UnsupportedHttpVerb") =>
                (StoreErrorKind.InvalidDestination,
                    $"{destination.ServiceUri.Authority} does not speak Azure Files: it refused a Files request for " +
                    $"{what} ({e.Status} {e.ErrorCode ?? "with no error code"}). Is it a Blob endpoint? " +
                    "A Files URL looks like https://ACCOUNT.file.core.windows.net/SHARE; " +
                    "for a container, pass --destination-type blob.", false),
            (401 or 403, _) => (StoreErrorKind.Unauthorized,
                $"Access to {what} was denied ({e.ErrorCode}) with {credential}. Check the key, " +
                "SAS (a sync needs read, create, write, delete and list) or role.", false),
            (0 or 408 or 429 or >= 500, _) => (StoreErrorKind.Failed, Describe(e, what), true),
            _ => (StoreErrorKind.Failed, Describe(e, what), false),
        };

    /// <summary>Another client's lease: theirs to release; azsync never breaks it (--force neither).</summary>
    public static StoreException Leased(string what, string verb, RequestFailedException e) =>
        new(StoreErrorKind.Conflict, LeasedMessage(what, verb), inner: e);

    private static string LeasedMessage(string what, string verb) =>
        $"{what} is leased by another client at the destination (an infinite lease); {verb}. It can be written once " +
        "that client releases its lease (--force does not break other clients' leases).";

    /// <summary>Status, code and the service's first sentence: the SDK's message also lists headers and body.</summary>
    public static string Describe(RequestFailedException e, string what) =>
        Redaction.RedactUri($"{what}: {e.Status} {e.ErrorCode ?? "error"} ({StorageErrors.FirstLine(e.Message)})");

    public static bool Is(this RequestFailedException e, int status, string? code = null) =>
        e.Status == status && (code is null || e.ErrorCode == code);
}

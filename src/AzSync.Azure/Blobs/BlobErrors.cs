using Azure;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;

namespace AzSync.Azure.Blobs;

/// <summary>Service errors in words that say what to do; no SAS signature or key ever reaches them.</summary>
internal static class BlobErrors
{
    public static StoreException ToStoreException(RequestFailedException e, string what, BlobDestination destination, StorageCredential credential)
    {
        var code = e.ErrorCode;
        return (e.Status, code) switch
        {
            (409, "BlobAlreadyExists") or (412, _) => new StoreException(StoreErrorKind.Conflict,
                $"{what} changed at the destination after it was listed; not overwritten."),
            (404, "ContainerNotFound") => new StoreException(StoreErrorKind.DestinationNotFound,
                $"Container '{destination.Container}' does not exist. Create it, or pass --create-container."),
            (403, _) when credential is StorageCredential.Sas sas => new StoreException(StoreErrorKind.Unauthorized,
                $"The SAS was refused for {what} ({code}). {SasAdvice.Explain(sas.Query, what)}"),
            (403, "AuthorizationPermissionMismatch" or "AuthorizationFailure") => new StoreException(StoreErrorKind.Unauthorized,
                $"Access to {what} was denied ({code}) for {credential}. " + RoleAdvice(credential)),
            (401 or 403, _) => new StoreException(StoreErrorKind.Unauthorized,
                $"Authentication failed for {what} ({code}) with {credential}. Check the key or token, and the account name in the URL."),
            (0 or 408 or 429 or >= 500, _) => new StoreException(StoreErrorKind.Failed, $"{Redaction.RedactUri(e.Message)}", isTransient: true),
            _ => new StoreException(StoreErrorKind.Failed, Redaction.RedactUri(e.Message)),
        };
    }

    private static string RoleAdvice(StorageCredential credential) => credential switch
    {
        StorageCredential.Token t => $"Grant the identity {(t.Identity is null ? "in use" : $"'{t.Identity}'")} the 'Storage Blob Data Contributor' role on the storage account or container (role assignments can take a few minutes to apply).",
        _ => "Grant the 'Storage Blob Data Contributor' role on the storage account or container.",
    };
}

/// <summary>Reads a SAS's own fields (never its signature) to say which permission is missing or that it expired.</summary>
internal static class SasAdvice
{
    public static string Explain(string query, string what)
    {
        var fields = query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.OrdinalIgnoreCase);
        if (fields.TryGetValue("se", out var se) && DateTimeOffset.TryParse(se, out var expiry) && expiry < DateTimeOffset.UtcNow)
            return $"It expired at {expiry:u} (se). Create a new SAS.";
        if (fields.TryGetValue("sp", out var sp))
        {
            var missing = "racwdl".Where(p => !sp.Contains(p)).ToArray();
            if (missing.Length > 0)
                return $"It grants sp={sp} but a sync needs racwdl: missing '{new string(missing)}' ({string.Join(", ", missing.Select(Name))}).";
        }
        return "It may be expired, signed with another key, or lack a permission (a sync needs sp=racwdl).";
    }

    private static string Name(char p) => p switch
    {
        'r' => "read", 'a' => "add", 'c' => "create", 'w' => "write", 'd' => "delete", 'l' => "list", _ => p.ToString(),
    };
}

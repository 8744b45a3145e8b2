using Azure;
using AzSync.Azure.Rest;
using AzSync.Core.Stores;

namespace AzSync.Azure.Blobs;

/// <summary>
/// Service errors in words that fit the credential in use. Built from the status, the error code and the first line
/// of the service's message only: the SDK's full exception text lists headers and the body, which are not for users.
/// </summary>
internal static class BlobErrors
{
    /// <param name="source">The local file being written, for the MD5 the service refused.</param>
    /// <param name="verb">What a conflict prevented: "overwritten" for writes, "deleted" for deletes.</param>
    public static StoreException ToStoreException(RequestFailedException e, string what, BlobDestination destination,
        StorageCredential credential, string? source = null, string verb = "overwritten")
    {
        var code = e.ErrorCode;
        var said = $"{e.Status} {code}" + (ServiceMessage(e) is { } m ? $" ({m})" : "");
        return (e.Status, code) switch
        {
            (409, "BlobAlreadyExists") or (412, _) => new StoreException(StoreErrorKind.Conflict,
                $"{what} changed at the destination after it was listed; not {verb}."),
            (404, "ContainerNotFound") => ContainerMissing(destination),
            // The service checks Content-MD5 against the bytes it got: ours were read from a file being rewritten.
            (400, "Md5Mismatch" or "InvalidOperation")
                when source is not null && said.Contains("MD5", StringComparison.OrdinalIgnoreCase) =>
                StoreException.ChangedWhileSyncing(source),
            // What a Files endpoint answers to Blob's restype=container: the URL names the wrong service.
            (400, "InvalidQueryParameterValue" or "InvalidUri" or "UnsupportedHttpVerb") => new StoreException(
                StoreErrorKind.InvalidDestination,
                $"{destination.ServiceUri.Authority} does not speak Azure Blob Storage: it refused a Blob request " +
                $"for {what} ({said}). Is it an Azure Files endpoint? A Blob URL looks like " +
                "https://ACCOUNT.blob.core.windows.net/CONTAINER; for a share, pass --destination-type file."),
            (401 or 403, _) => new StoreException(StoreErrorKind.Unauthorized, Denied(what, code, credential)),
            (0 or 408 or 429 or >= 500, _) =>
                new StoreException(StoreErrorKind.Failed, $"{what}: {said}", isTransient: true),
            _ => new StoreException(StoreErrorKind.Failed, $"{what}: {said}"),
        };
    }

    public static StoreException ContainerMissing(BlobDestination destination) =>
        new(StoreErrorKind.DestinationNotFound,
        $"Container '{destination.Container}' does not exist at {destination.ServiceUri}. " +
        "Create it, or pass --create-container.");

    /// <summary>Advice that can fix the refusal: a role cannot
    /// fix a bad key, a key cannot fix a missing role.</summary>
    private static string Denied(string what, string? code, StorageCredential credential) => credential switch
    {
        StorageCredential.Sas sas => $"The SAS was refused for {what} ({code}). {SasAdvice.Explain(sas.Query, code)}",
        StorageCredential.SharedKey key => $"The account key was refused for {what} ({code}) with {credential}. " +
            $"Check that the key is the current key1 or key2 of account '{key.AccountName}', " +
            "and that the URL names that account.",
        StorageCredential.Token t when code is "AuthorizationPermissionMismatch" or "AuthorizationFailure" =>
            $"Access to {what} was denied ({code}) for {credential}. Grant the identity " +
            $"{(t.Identity is null ? "in use" : $"'{t.Identity}'")} the 'Storage Blob Data Contributor' role on the " +
            "storage account or container (role assignments can take a few minutes to apply).",
        StorageCredential.Token => $"The token was refused for {what} ({code}) with {credential}. Check that it is " +
            "for this tenant and for https://storage.azure.com, and that it has not expired.",
        _ => $"Anonymous access to {what} was refused ({code}). Give a credential: see 'azsync auth status'.",
    };

    /// <summary>The service's own sentence (the SDK message's first line), which never holds the request.</summary>
    private static string? ServiceMessage(RequestFailedException e)
    {
        var line = StorageErrors.FirstLine(e.Message);
        return line.StartsWith("Status:", StringComparison.Ordinal) || line.Length == 0 ? null
            : Redaction.RedactUri(line);
    }
}

/// <summary>Reads a SAS's own fields (never its signature) to
/// say which permission is missing or that it expired.</summary>
internal static class SasAdvice
{
    public static string Explain(string query, string? code)
    {
        var fields = query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.OrdinalIgnoreCase);
        if (fields.TryGetValue("se", out var se) && DateTimeOffset.TryParse(se, out var expiry)
            && expiry < DateTimeOffset.UtcNow)
            return $"It expired at {expiry:u} (se). Create a new SAS.";
        if (fields.TryGetValue("sp", out var sp))
        {
            var missing = "racwdl".Where(p => !sp.Contains(p)).ToArray();
            if (missing.Length > 0)
                return $"It grants sp={sp} but a sync needs racwdl: " +
                    $"missing '{new string(missing)}' ({string.Join(", ", missing.Select(Name))}).";
        }
        return code == "AuthenticationFailed"
            ? "Its signature did not verify: it may be signed with another key or for another account, or cut short."
            : "It may be expired, signed with another key, or lack a permission (a sync needs sp=racwdl).";
    }

    private static string Name(char p) => p switch
    {
        'r' => "read",
        'a' => "add",
        'c' => "create",
        'w' => "write",
        'd' => "delete",
        'l' => "list",
        _ => p.ToString(),
    };
}

using AzSync.Core.Stores;
using AzSync.Core.Stores.Local;

namespace AzSync.Stores;

/// <summary>Options that only some stores use; each store takes what it needs.</summary>
public sealed record StoreOpenOptions(string? DestinationType, bool AllowHttp);

/// <summary>Turns a destination string into a store. The one place that knows every kind of store.</summary>
public static class StoreFactory
{
    public static IStore Open(string destination, StoreOpenOptions options, AzSync.Azure.Rest.StorageCredential? credential = null)
    {
        var kind = options.DestinationType?.ToLowerInvariant();
        if (kind is not (null or "local" or "blob" or "file"))
            throw new UserFacingException(ExitCodes.Usage, $"--destination-type '{options.DestinationType}' is not one of: local, blob, file.");
        var isUrl = destination.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ||
                    destination.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        if (!isUrl || kind == "local")
            return new LocalStore(destination);
        throw new UserFacingException(ExitCodes.Usage, $"Destination '{Redact(destination)}' is a URL, but this build only syncs to local folders.");
    }

    /// <summary>For `auth status`: can this credential list the destination? Null when it can, else why not.</summary>
    public static async Task<string?> ProbeAsync(string destination, AzSync.Azure.Rest.StorageCredential credential, CancellationToken ct)
    {
        try
        {
            await using var store = Open(destination, new StoreOpenOptions(null, false), credential);
            await store.PrepareAsync(createIfMissing: false, ct);
            await using var entries = store.ListAsync("", ct).GetAsyncEnumerator(ct);
            await entries.MoveNextAsync();
            return null;
        }
        catch (Exception e) when (e is StoreException or UserFacingException)
        {
            return e.Message;
        }
    }

    /// <summary>The destination without its query string, which may hold a SAS signature.</summary>
    public static string Redact(string destination)
    {
        var q = destination.IndexOf('?');
        return q < 0 ? destination : destination[..q] + "?<redacted>";
    }
}

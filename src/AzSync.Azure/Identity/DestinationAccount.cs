namespace AzSync.Azure.Identity;

/// <summary>What the chooser needs from a destination URL: the account, the service and a SAS query if present.
/// Understands https://acct.blob|file.core.windows.net/… and path-style emulator URLs (http://127.0.0.1:10000/acct/…).</summary>
public sealed record DestinationAccount(string? AccountName, StorageService Service, string? SasQuery)
{
    public override string ToString() => $"{AccountName} ({Service}{(SasQuery is null ? "" : ", SAS present")})";

    public static DestinationAccount Parse(string destination)
    {
        if (!Uri.TryCreate(destination, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return new(null, StorageService.Blob, null);
        var query = uri.Query.TrimStart('?');
        var sas = query.Split('&').Any(p => p.StartsWith("sig=", StringComparison.OrdinalIgnoreCase)) ? query : null;
        var labels = uri.Host.Split('.');
        if (labels.Length >= 3 && labels[1] is "blob" or "file" or "dfs")
            return new(labels[0], labels[1] == "file" ? StorageService.File : StorageService.Blob, sas);
        // Path-style (Azurite, the Files emulator): the account is the first path segment; 10004/10000 are the
        // emulators' conventional file/blob ports.
        var first = uri.AbsolutePath.Trim('/').Split('/')[0];
        var service = uri.Port == 10004 ? StorageService.File : StorageService.Blob;
        return new(first.Length > 0 ? first : null, service, sas);
    }
}

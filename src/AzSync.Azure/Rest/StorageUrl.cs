using Azure.Storage.Blobs;
using Azure.Storage.Files.Shares;

namespace AzSync.Azure.Rest;

/// <summary>
/// A storage URL split the way both services share, by the SDK's own rules (BlobUriBuilder, ShareUriBuilder): the
/// account, the path segments after it, and the SAS. The service form (https://ACCOUNT.blob|file.core.windows.net/…)
/// names the account in the host; the path form (an IP address, or an emulator's well-known port such as
/// http://azurite:10000/ACCOUNT/…) in the first segment; a custom domain (https://static.example.com/…) not at all.
/// </summary>
/// <param name="ServiceUri">Scheme, host and, for path-style URLs,
/// the account: where container or share paths start.</param>
/// <param name="AccountName">"" when the URL does not say (a custom domain): the credential must then name it.</param>
internal sealed record StorageUrl(Uri ServiceUri, string AccountName, IReadOnlyList<string> Segments, string? SasQuery,
    bool PathStyle)
{
    /// <summary>The account, or null when the URL does not name one.</summary>
    public string? Account => AccountName.Length > 0 ? AccountName : null;

    public static bool TryParse(string url, bool allowHttp, out StorageUrl parsed, out string error)
    {
        parsed = null!;
        var q = url.IndexOf('?');
        var sas = q >= 0 ? url[(q + 1)..] : null;
        if (!TryCreateUri(url, out var uri, out error)) return false;
        if (uri.Scheme is not ("https" or "http"))
        {
            error = "the destination is not an http(s) URL";
            return false;
        }
        var loopback = uri.IsLoopback || uri.Host == "localhost";
        if (uri.Scheme == "http" && !allowHttp && !loopback)
        {
            error = $"plain http:// to '{uri.Host}' would send data and credentials unencrypted; use https:// or " +
                "pass --allow-http";
            return false;
        }
        var segments =
            uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        // "localhost" on any port is an emulator too, which the SDK's rule (IP hosts, well-known ports) leaves out.
        var pathStyle =
            loopback || new BlobUriBuilder(new Uri($"{uri.Scheme}://{uri.Authority}/a/b")).AccountName == "a";
        var account = pathStyle ? segments.FirstOrDefault()
            : new BlobUriBuilder(uri).AccountName is { Length: > 0 } blob ? blob
                : new ShareUriBuilder(uri).AccountName ?? "";
        if (pathStyle && segments.Count > 0) segments.RemoveAt(0);
        if (account is null)
        {
            error = "an emulator URL needs the account after the host, e.g. " +
                "http://127.0.0.1:10000/devstoreaccount1/...";
            return false;
        }
        // Only a query with a signature is a SAS; anything else
        // ("?restype=container" pasted from a listing) is dropped.
        var isSas =
            sas is not null && sas.Split('&').Any(p => p.StartsWith("sig=", StringComparison.OrdinalIgnoreCase));
        var service = new Uri($"{uri.Scheme}://{uri.Authority}" + (pathStyle ? "/" + account : ""));
        parsed = new StorageUrl(service, account, segments, isSas ? sas : null, pathStyle);
        error = "";
        return true;
    }

    /// <summary>
    /// The naming rule containers and shares share. The service answers a bad name with a bare 400
    /// (OutOfRangeInput, InvalidResourceName); saying the rule up front is kinder.
    /// </summary>
    public static bool IsResourceName(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$");

    /// <summary>
    /// The URL without its query (where a SAS lives), or why it is not one. System.Uri's own reason ("Invalid port
    /// specified") is kept: "not a URL" alone leaves the user guessing which part is wrong.
    /// </summary>
    public static bool TryCreateUri(string url, out Uri uri, out string error)
    {
        var q = url.IndexOf('?');
        try
        {
            uri = new Uri(q >= 0 ? url[..q] : url, UriKind.Absolute);
            error = "";
            return true;
        }
        catch (UriFormatException e)
        {
            uri = null!;
            var reason = e.Message.Replace("Invalid URI: ", "", StringComparison.Ordinal).TrimEnd('.');
            error = $"not a valid URL ({reason})";
            return false;
        }
    }
}

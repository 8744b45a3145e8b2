using System.Net;

namespace AzSync.Azure.Blobs;

/// <summary>A container (and optional prefix) named by a URL: the service form or the emulator's path form.</summary>
/// <param name="ServiceUri">Scheme, host and, for path-style URLs, the account: where container paths start.</param>
/// <param name="SasQuery">The SAS from the URL, without '?', or null.</param>
public sealed record BlobDestination(Uri ServiceUri, string AccountName, string Container, string Prefix, string? SasQuery)
{
    public Uri ContainerUri => new(ServiceUri.AbsoluteUri.TrimEnd('/') + "/" + Container);

    /// <summary>The URL as it may be shown: no query, so no SAS signature.</summary>
    public string Display => ContainerUri.AbsoluteUri + (Prefix.Length > 0 ? "/" + Prefix : "");

    public static bool TryParse(string url, bool allowHttp, out BlobDestination destination, out string error)
    {
        destination = null!;
        var q = url.IndexOf('?');
        var sas = q >= 0 ? url[(q + 1)..] : null;
        if (!Uri.TryCreate(q >= 0 ? url[..q] : url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            error = "the destination is not an http(s) URL";
            return false;
        }
        if (uri.Scheme == "http" && !allowHttp && !IsLoopback(uri))
        {
            error = $"plain http:// to '{uri.Host}' would send data and credentials unencrypted; use https:// or pass --allow-http";
            return false;
        }
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var pathStyle = IsLoopback(uri) || IPAddress.TryParse(uri.Host, out _);
        string account;
        if (pathStyle)
        {
            if (segments.Count < 2)
            {
                error = "an emulator URL needs the account and the container: http://127.0.0.1:10000/devstoreaccount1/CONTAINER";
                return false;
            }
            account = segments[0];
            segments.RemoveAt(0);
        }
        else
        {
            account = uri.Host.Split('.')[0];
            if (segments.Count < 1)
            {
                error = "the URL names no container: https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]";
                return false;
            }
        }
        var service = new Uri($"{uri.Scheme}://{uri.Authority}" + (pathStyle ? "/" + account : ""));
        destination = new BlobDestination(service, account, segments[0], string.Join('/', segments.Skip(1)), string.IsNullOrEmpty(sas) ? null : sas);
        error = "";
        return true;
    }

    private static bool IsLoopback(Uri uri) => uri.IsLoopback || uri.Host == "localhost";
}

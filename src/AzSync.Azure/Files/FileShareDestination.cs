using System.Net;

namespace AzSync.Azure.Files;

/// <summary>A share (and optional directory) named by a URL: the service form or the emulator's path form.</summary>
public sealed record FileShareDestination(Uri ServiceUri, string AccountName, string Share, string Directory, string? SasQuery)
{
    public Uri ShareUri => new(ServiceUri.AbsoluteUri.TrimEnd('/') + "/" + Share);

    public string Display => ShareUri.AbsoluteUri + (Directory.Length > 0 ? "/" + Directory : "");

    public static bool TryParse(string url, bool allowHttp, out FileShareDestination destination, out string error)
    {
        destination = null!;
        var q = url.IndexOf('?');
        var sas = q >= 0 ? url[(q + 1)..] : null;
        if (!Uri.TryCreate(q >= 0 ? url[..q] : url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            error = "the destination is not an http(s) URL";
            return false;
        }
        var loopback = uri.IsLoopback || uri.Host == "localhost";
        if (uri.Scheme == "http" && !allowHttp && !loopback)
        {
            error = $"plain http:// to '{uri.Host}' would send data and credentials unencrypted; use https:// or pass --allow-http";
            return false;
        }
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var pathStyle = loopback || IPAddress.TryParse(uri.Host, out _);
        var account = pathStyle ? segments.FirstOrDefault() : uri.Host.Split('.')[0];
        if (pathStyle && segments.Count > 0) segments.RemoveAt(0);
        if (account is null || segments.Count < 1)
        {
            error = pathStyle ? "an emulator URL needs the account and the share: http://127.0.0.1:10004/devstoreaccount1/SHARE[/DIR]"
                : "the URL names no share: https://ACCOUNT.file.core.windows.net/SHARE[/DIR]";
            return false;
        }
        var service = new Uri($"{uri.Scheme}://{uri.Authority}" + (pathStyle ? "/" + account : ""));
        destination = new FileShareDestination(service, account, segments[0], string.Join('/', segments.Skip(1)), string.IsNullOrEmpty(sas) ? null : sas);
        error = "";
        return true;
    }
}

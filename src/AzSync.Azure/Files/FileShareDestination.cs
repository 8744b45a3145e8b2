using AzSync.Azure.Rest;

namespace AzSync.Azure.Files;

/// <summary>A share (and optional directory) named by a URL: the service form or the emulator's path form.</summary>
internal sealed record FileShareDestination(Uri ServiceUri, string AccountName, string Share, string Directory,
    string? SasQuery)
{
    public Uri ShareUri => new(ServiceUri.AbsoluteUri.TrimEnd('/') + "/" + Share);

    public string Display => ShareUri.AbsoluteUri + (Directory.Length > 0 ? "/" + Directory : "");

    public static bool TryParse(string url, bool allowHttp, out FileShareDestination destination, out string error)
    {
        destination = null!;
        if (!StorageUrl.TryParse(url, allowHttp, out var parsed, out error)) return false;
        if (parsed.Segments.Count < 1)
        {
            error = "the URL names no share: https://ACCOUNT.file.core.windows.net/SHARE[/DIR]";
            return false;
        }
        var share = parsed.Segments[0];
        if (!StorageUrl.IsResourceName(share))
        {
            error = $"'{share}' is not a valid share name: use 3-63 lowercase letters, digits and single hyphens, " +
                "starting and ending with a letter or digit";
            return false;
        }
        var directory = string.Join('/', parsed.Segments.Skip(1));
        if (directory.Length > 0 && new FileNameRules().Check(directory) is { } reason)
        {
            error = $"the directory '{directory}' cannot exist on Azure Files: {reason}";
            return false;
        }
        destination =
            new FileShareDestination(parsed.ServiceUri, parsed.AccountName, share, directory, parsed.SasQuery);
        return true;
    }
}

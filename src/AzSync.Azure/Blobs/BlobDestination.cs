using AzSync.Azure.Rest;

namespace AzSync.Azure.Blobs;

/// <summary>A container (and optional prefix) named by a URL: the service form or the emulator's path form.</summary>
/// <param name="AccountName">Null when the URL does not name the account (a custom domain).</param>
/// <param name="SasQuery">The SAS from the URL, without '?', or null.</param>
internal sealed record BlobDestination(Uri ServiceUri, string? AccountName, string Container, string Prefix,
    string? SasQuery)
{
    public Uri ContainerUri => new(ServiceUri.AbsoluteUri.TrimEnd('/') + "/" + Container);

    /// <summary>The URL as it may be shown: no query, so no SAS signature.</summary>
    public string Display => ContainerUri.AbsoluteUri + (Prefix.Length > 0 ? "/" + Prefix : "");

    public static bool TryParse(string url, bool allowHttp, out BlobDestination destination, out string error)
    {
        destination = null!;
        if (!StorageUrl.TryParse(url, allowHttp, out var parsed, out error)) return false;
        if (parsed.Segments.Count < 1)
        {
            error = "the URL names no container: https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]";
            return false;
        }
        if (!ValidContainer(parsed.Segments[0]))
        {
            error = $"'{parsed.Segments[0]}' is not a valid container name: use 3-63 lowercase letters, " +
                "digits and single hyphens, starting and ending with a letter or digit";
            return false;
        }
        destination = new BlobDestination(parsed.ServiceUri, parsed.Account, parsed.Segments[0],
            string.Join('/', parsed.Segments.Skip(1)), parsed.SasQuery);
        return true;
    }

    private static bool ValidContainer(string name) => name is "$root" or "$web" || StorageUrl.IsResourceName(name);
}

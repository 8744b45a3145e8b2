namespace AzSync.Azure.Rest;

/// <summary>Error text as shown to the user: the SDK's messages
/// run to many lines (status, code, headers, body).</summary>
internal static class StorageErrors
{
    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();
}

/// <summary>Removes signatures and keys from anything that might
/// be shown: URIs, messages, connection strings.</summary>
internal static class Redaction
{
    private static readonly string[] SecretParameters = ["sig", "skoid", "sktid", "skt", "ske", "sks", "skv", "sdd"];

    public static string RedactUri(string uri)
    {
        var q = uri.IndexOf('?');
        if (q < 0) return uri;
        var parameters = uri[(q + 1)..].Split('&').Select(p =>
        {
            var name = p.Split('=', 2)[0];
            return SecretParameters.Contains(name, StringComparer.OrdinalIgnoreCase) ? name + "=REDACTED" : p;
        });
        return uri[..q] + "?" + string.Join('&', parameters);
    }
}

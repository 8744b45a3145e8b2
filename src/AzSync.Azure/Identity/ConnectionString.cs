namespace AzSync.Azure.Identity;

/// <summary>An Azure Storage connection string. ToString never shows the key or the SAS.</summary>
internal sealed class StorageConnectionString
{
    public const string DevelopmentAccount = "devstoreaccount1";
    // Azurite's published, well-known development key: not a secret.
    public const string DevelopmentKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string? AccountName { get; private init; }
    public string? AccountKey { get; private init; }
    public string? SharedAccessSignature { get; private init; }
    public Uri? BlobEndpoint { get; private init; }
    public Uri? FileEndpoint { get; private init; }
    public bool IsDevelopmentStorage { get; private init; }

    public static StorageConnectionString Parse(string text, string origin)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = segment.IndexOf('=');
            if (eq <= 0)
                throw new CredentialConfigurationException(
                    $"{origin} is not a connection string: a part has no 'name=value' (values not shown).");
            parts[segment[..eq].Trim()] = segment[(eq + 1)..].Trim();
        }
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev)
            && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            var proxy =
                parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? p.TrimEnd('/') : "http://127.0.0.1";
            if (!Uri.TryCreate(proxy, UriKind.Absolute, out var host))
                throw new CredentialConfigurationException(
                    $"{origin}: DevelopmentStorageProxyUri is not an absolute URL.");
            return new StorageConnectionString
            {
                IsDevelopmentStorage = true,
                AccountName = DevelopmentAccount,
                AccountKey = DevelopmentKey,
                BlobEndpoint = new Uri($"{host.Scheme}://{host.Host}:10000/{DevelopmentAccount}"),
                FileEndpoint = new Uri($"{host.Scheme}://{host.Host}:10004/{DevelopmentAccount}"),
            };
        }
        string? Get(string k) => parts.TryGetValue(k, out var v) && v.Length > 0 ? v : null;
        var account = Get("AccountName");
        var protocol = Get("DefaultEndpointsProtocol") ?? "https";
        var suffix = Get("EndpointSuffix") ?? "core.windows.net";
        Uri? Endpoint(string key, string kind)
        {
            if (Get(key) is { } explicitEndpoint)
            {
                if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var u))
                    throw new CredentialConfigurationException($"{origin}: {key} is not an absolute URL.");
                return u;
            }
            if (account is null) return null;
            return Uri.TryCreate($"{protocol}://{account}.{kind}.{suffix}", UriKind.Absolute, out var built)
                && built.Scheme is "https" or "http"
                ? built
                : throw new CredentialConfigurationException(
                    $"{origin}: AccountName, DefaultEndpointsProtocol and EndpointSuffix do not make a URL; " +
                    $"check them for spaces or typos, or give {key}.");
        }
        var result = new StorageConnectionString
        {
            AccountName = account,
            AccountKey = Get("AccountKey"),
            SharedAccessSignature = Get("SharedAccessSignature")?.TrimStart('?'),
            BlobEndpoint = Endpoint("BlobEndpoint", "blob"),
            FileEndpoint = Endpoint("FileEndpoint", "file"),
        };
        if (result.AccountKey is null && result.SharedAccessSignature is null)
            throw new CredentialConfigurationException($"{origin} has neither AccountKey nor SharedAccessSignature.");
        if (result.AccountKey is not null && result.AccountName is null)
            throw new CredentialConfigurationException($"{origin} has AccountKey but no AccountName.");
        if (result.AccountKey is not null) CheckAccountKey(result.AccountKey, $"{origin}: AccountKey");
        return result;
    }

    /// <summary>
    /// An account key is base64; checked before any request so a
    /// mangled copy-paste is named as such, not met later as a
    /// crash while signing or as a 403 from the service.
    /// </summary>
    public static void CheckAccountKey(string key, string setting)
    {
        if (!Convert.TryFromBase64String(key, new byte[key.Length], out var length) || length == 0)
            throw new CredentialConfigurationException(
                $"{setting} is not a storage account key (expected base64 text, " +
                "as the portal's Access keys page shows; value not shown).");
    }

    public override string ToString() =>
        IsDevelopmentStorage ? "UseDevelopmentStorage=true"
            : $"AccountName={AccountName}; BlobEndpoint={BlobEndpoint}; FileEndpoint={FileEndpoint}";
}

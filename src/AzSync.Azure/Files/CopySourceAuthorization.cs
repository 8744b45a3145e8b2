using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using AzSync.Azure.Rest;

namespace AzSync.Azure.Files;

/// <summary>How the service may read a file of ours as a copy source.</summary>
/// <param name="SasQuery">Appended to the source URL (a SAS the user gave, or one we signed with the key).</param>
/// <param name="Header">The x-ms-copy-source-authorization value (a bearer token).</param>
public sealed record CopySourceGrant(string? SasQuery, string? Header);

/// <summary>
/// Put Range From URL reads its source with the source's own authorization, never the request's Shared Key: a SAS
/// on the source URL or an Entra token in x-ms-copy-source-authorization. This turns our credential into that.
/// </summary>
public sealed class CopySourceAuthorization(StorageCredential credential, FileShareDestination destination, string version)
{
    /// <summary>False for anonymous access: there is nothing to read the old file with, so writes send every byte.</summary>
    public bool CanGrant => credential is not StorageCredential.Anonymous;

    public async ValueTask<CopySourceGrant> GrantAsync(string sharePath, CancellationToken ct) => credential switch
    {
        StorageCredential.Sas sas => new CopySourceGrant(sas.Query.TrimStart('?'), null),
        StorageCredential.SharedKey key => new CopySourceGrant(ReadOnlyFileSas(key, sharePath), null),
        StorageCredential.Token token => new CopySourceGrant(null, "Bearer " + (await token.Credential.GetTokenAsync(
            new TokenRequestContext(["https://storage.azure.com/.default"]), ct).ConfigureAwait(false)).Token),
        _ => throw new InvalidOperationException("no copy-source authorization for anonymous access"),
    };

    /// <summary>A service SAS for reading one file for a short while: the least a copy source needs.</summary>
    private string ReadOnlyFileSas(StorageCredential.SharedKey key, string sharePath)
    {
        var expiry = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var resource = $"/file/{key.AccountName}/{destination.Share}/{sharePath}";
        // sp, st, se, canonicalized resource, si, sip, spr, sv, then the five response-header overrides.
        var stringToSign = string.Join("\n", "r", "", expiry, resource, "", "", "", version, "", "", "", "", "");
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key.AccountKey), Encoding.UTF8.GetBytes(stringToSign)));
        return $"sv={version}&sr=f&sp=r&se={Uri.EscapeDataString(expiry)}&sig={Uri.EscapeDataString(signature)}";
    }
}

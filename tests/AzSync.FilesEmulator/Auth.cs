using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AzSync.FilesEmulator;

/// <summary>Verifies Shared Key, SAS and bearer authorization the way the service does.</summary>
internal sealed class Auth(FilesEmulatorOptions options)
{
    private readonly byte[] _key = Convert.FromBase64String(options.AccountKey);

    public void Authorize(Req req, OperationInfo op)
    {
        var h = req.Http.Request.Headers;
        var authorization = h.Authorization.ToString();
        if (authorization.StartsWith("SharedKey ", StringComparison.Ordinal))
        {
            CheckSharedKey(req, authorization[10..]);
            return;
        }
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            BearerRules.Check(req, op, authorization[7..], options);
            return;
        }
        if (req.Query.ContainsKey("sig")) { Sas.Check(req, op, _key, options.AccountName); return; }
        throw new FileError(401, "NoAuthenticationInformation",
            "Server failed to authenticate the request. " +
            "Please refer to the information in the www-authenticate header.");
    }

    /// <summary>
    /// A copy source is read with its own authorization, as the service does: a SAS in the source URL, or an Entra
    /// token in x-ms-copy-source-authorization. The request's own Shared Key does not extend to the source.
    /// </summary>
    public void AuthorizeCopySource(Req req, SourceUrl source, OperationInfo read)
    {
        var h = req.HeaderOrNull("x-ms-copy-source-authorization") ?? "";
        try
        {
            if (h.StartsWith("Bearer ", StringComparison.Ordinal)) BearerRules.Check(req, read, h[7..], options);
            else if (source.Query.ContainsKey("sig"))
                Sas.Check(source.Query, source.Share, source.Segments, read, _key, options.AccountName);
            else throw FileError.AuthFailed("The copy source is neither public nor authorized.");
        }
        catch (FileError e) when (e.Status is 401 or 403)
        {
            throw new FileError(e.Status, "CannotVerifyCopySource",
                "Could not verify the copy source within the specified time. " + e.Message);
        }
    }

    /// <summary>
    /// Rename authorizes its source by the source URL too: under a SAS the source must carry one (without it the
    /// service answers 403 AuthorizationFailure, azure-sdk-for-java#29786; the official SDKs append the SAS).
    /// Shared Key and bearer requests are authorized for the whole account, source included.
    /// </summary>
    public void AuthorizeRenameSource(Req req, SourceUrl source, OperationInfo rename)
    {
        if (req.Http.Request.Headers.Authorization.Count > 0) return;
        if (!source.Query.ContainsKey("sig"))
            throw new FileError(403, "AuthorizationFailure",
                "This request is not authorized to perform this operation.");
        Sas.Check(source.Query, source.Share, source.Segments, rename, _key, options.AccountName);
    }

    private void CheckSharedKey(Req req, string value)
    {
        var colon = value.IndexOf(':');
        if (colon < 0 || value[..colon] != options.AccountName)
            throw FileError.AuthFailed("The account name in the Authorization header is not this account.");
        var expected = Sign(_key, StringToSign(req));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(value[(colon + 1)..])))
            throw FileError.AuthFailed(
                "Make sure the value of Authorization header is formed correctly including the signature.");
    }

    public static string Sign(byte[] key, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    private string StringToSign(Req req)
    {
        var r = req.Http.Request;
        string H(string name) => r.Headers[name].ToString();
        var length = H("Content-Length");
        var sb = new StringBuilder();
        sb.Append(r.Method).Append('\n')
          .Append(H("Content-Encoding")).Append('\n')
          .Append(H("Content-Language")).Append('\n')
          .Append(length == "0" ? "" : length).Append('\n')
          .Append(H("Content-MD5")).Append('\n')
          .Append(H("Content-Type")).Append('\n')
          .Append(r.Headers.ContainsKey("x-ms-date") ? "" : H("Date")).Append('\n')
          .Append(H("If-Modified-Since")).Append('\n')
          .Append(H("If-Match")).Append('\n')
          .Append(H("If-None-Match")).Append('\n')
          .Append(H("If-Unmodified-Since")).Append('\n')
          .Append(H("Range")).Append('\n');
        foreach (var (name, v) in r.Headers.Where(x => x.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(x => (x.Key.ToLowerInvariant(), x.Value.ToString()))
                         .OrderBy(x => x.Item1, StringComparer.Ordinal))
        {
            sb.Append(name).Append(':').Append(v.Trim()).Append('\n');
        }
        sb.Append('/').Append(options.AccountName).Append(req.RawPath);
        foreach (var g in req.QueryPairs.GroupBy(p => p.Key.ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append('\n').Append(g.Key).Append(':')
                .Append(string.Join(",", g.Select(p => p.Value).Order(StringComparer.Ordinal)));
        }
        return sb.ToString();
    }
}

/// <summary>Bearer tokens are decoded without a signature check (like Azurite's
/// basic OAuth mode); claims and the Files OAuth rules are enforced.</summary>
internal static class BearerRules
{
    public static void Check(Req req, OperationInfo op, string token, FilesEmulatorOptions options)
    {
        JsonElement claims;
        try
        {
            var part = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
            part = part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=');
            claims = JsonDocument.Parse(Convert.FromBase64String(part)).RootElement;
        }
        catch (Exception) { throw FileError.AuthFailed("The bearer token is not a readable JWT."); }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long Num(string n) => claims.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64()
            : throw FileError.AuthFailed($"The token has no {n} claim.");
        if (Num("nbf") > now + 300 || Num("iat") > now + 300) throw FileError.AuthFailed("The token is not valid yet.");
        if (Num("exp") < now)
            throw new FileError(403, "AuthenticationFailed",
                "Server failed to authenticate the request. The token is expired.");
        var iss = claims.TryGetProperty("iss", out var i) ? i.GetString() ?? "" : "";
        if (!iss.StartsWith("https://sts.windows.net/", StringComparison.Ordinal))
            throw FileError.AuthFailed("Issuer validation failed.");
        var aud = claims.TryGetProperty("aud", out var a) ? a.GetString() ?? "" : "";
        if (aud is not ("https://storage.azure.com" or "https://storage.azure.com/")
            && aud.TrimEnd('/') != $"https://{options.AccountName}.file.core.windows.net")
            throw FileError.AuthFailed("Audience validation failed.");

        if (string.CompareOrdinal(req.Version, "2022-11-02") < 0)
            throw new FileError(400, "InvalidHeaderValue",
                "The value for one of the HTTP headers is not in the correct format.", "x-ms-version");
        if (op.ShareLevel)
        {
            if (string.CompareOrdinal(req.Version, "2024-11-04") < 0)
                throw new FileError(409, "FileOAuthManagementApiRestrictedToSrp",
                    "This API does not support bearer tokens. For OAuth, " +
                    "use the Storage Resource Provider APIs instead. Learn more: https://aka.ms/API-fileshare.");
        }
        else if (!string.Equals(req.Http.Request.Headers["x-ms-file-request-intent"].ToString(), "backup",
            StringComparison.OrdinalIgnoreCase))
        {
            throw FileError.MissingHeader("x-ms-file-request-intent");
        }
        if (options.RequiredRoleForBearer is { } role && !HasRole(claims, role)) throw FileError.PermissionMismatch();
    }

    private static bool HasRole(JsonElement claims, string role)
    {
        if (claims.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            && roles.EnumerateArray().Any(r => r.GetString() == role)) return true;
        return claims.TryGetProperty("scp", out var scp) && (scp.GetString() ?? "").Split(' ').Contains(role);
    }
}

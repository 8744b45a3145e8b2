using System.Text;
using System.Text.Json;

namespace AzSync.Azure.Identity;

/// <summary>The non-secret facts of an access token, read from its payload for `auth status`. Holds no token.</summary>
internal sealed record TokenClaims(string? TenantId, string? ObjectId, string? AppId, string? Audience, string? User,
    IReadOnlyList<string> Roles, DateTimeOffset? ExpiresOn)
{
    /// <summary>Decodes a JWT's payload; null when the token is opaque (not a JWT).</summary>
    public static TokenClaims? TryDecode(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var b64 = parts[1].Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(b64)));
            var root = doc.RootElement;
            string? S(string name) => root.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String
                ? v.GetString() : v.ToString() : null;
            var roles = root.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(x => x.ToString()).ToList() : new List<string>();
            DateTimeOffset? exp = long.TryParse(S("exp"), out var e) ? DateTimeOffset.FromUnixTimeSeconds(e) : null;
            return new TokenClaims(S("tid"), S("oid"), S("appid") ?? S("azp"), S("aud"),
                S("upn") ?? S("preferred_username") ?? S("unique_name"), roles, exp);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AzSync.Testing.FakeIdentity;

/// <summary>HS256 JWTs with a fixed test key: Azurite's basic OAuth
/// mode and MSAL read the claims without checking signatures.</summary>
public static class FakeJwt
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("azsync-fake-identity-signing-key-for-tests-only");

    public static string Create(JsonObject claims)
    {
        var header = B64(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var payload = B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var sig = B64(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(header + "." + payload)));
        return header + "." + payload + "." + sig;
    }

    public static JsonObject Claims(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2) throw new FormatException("not a JWT");
        return JsonNode.Parse(FromB64(parts[1]))!.AsObject();
    }

    public static JsonObject Header(string jwt) => JsonNode.Parse(FromB64(jwt.Split('.')[0]))!.AsObject();

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string B64(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromB64(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    public static string Json(object o) => JsonSerializer.Serialize(o);
}

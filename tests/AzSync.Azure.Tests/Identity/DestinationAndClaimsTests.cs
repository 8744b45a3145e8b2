using System.Text.Json.Nodes;
using AzSync.Azure.Identity;
using AzSync.Testing.FakeIdentity;

namespace AzSync.Azure.Tests.Identity;

public sealed class DestinationAndClaimsTests
{
    [Fact]
    public void Request_text_never_shows_the_sas_or_environment()
    {
        var r = new AuthRequest
        {
            SasQuery = "sv=1&sig=SIGVALUE",
            AccountName = "acct",
            Environment = new Dictionary<string, string?> { ["AZURE_CLIENT_SECRET"] = "ENVSECRET" }
        };
        var text = r.ToString();
        Assert.DoesNotContain("SIGVALUE", text);
        Assert.DoesNotContain("ENVSECRET", text);
        Assert.Contains("acct", text);
    }

    [Fact]
    public void Token_claims_are_decoded_and_opaque_tokens_give_null()
    {
        var jwt = FakeJwt.Create(new JsonObject
        {
            ["tid"] = "t1",
            ["oid"] = "o1",
            ["appid"] = "a1",
            ["aud"] = "https://storage.azure.com",
            ["exp"] = 2000000000,
            ["roles"] = new JsonArray("r1", "r2"),
        });
        var c = TokenClaims.TryDecode(jwt)!;
        Assert.Equal(("t1", "o1", "a1", "https://storage.azure.com"), (c.TenantId, c.ObjectId, c.AppId, c.Audience));
        Assert.Equal(["r1", "r2"], c.Roles);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2000000000), c.ExpiresOn);
        Assert.Null(TokenClaims.TryDecode("opaque-token"));
        Assert.Null(TokenClaims.TryDecode("a.!!!.c"));
    }
}

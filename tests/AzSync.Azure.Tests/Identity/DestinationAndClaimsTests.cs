using System.Text.Json.Nodes;
using AzSync.Azure.Identity;
using AzSync.Testing.FakeIdentity;
using Xunit;

namespace AzSync.Azure.Tests.Identity;

public sealed class DestinationAndClaimsTests
{
    [Theory]
    [InlineData("https://acct.blob.core.windows.net/c/dir", "acct", StorageService.Blob, null)]
    [InlineData("https://acct.file.core.windows.net/share?sv=1&sig=abc", "acct", StorageService.File, "sv=1&sig=abc")]
    [InlineData("https://acct.blob.core.windows.net/c?restype=container", "acct", StorageService.Blob, null)]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/c", "devstoreaccount1", StorageService.Blob, null)]
    [InlineData("http://127.0.0.1:10004/devstoreaccount1/share", "devstoreaccount1", StorageService.File, null)]
    [InlineData("./local/folder", null, StorageService.Blob, null)]
    public void Destination_urls_yield_account_service_and_sas(string url, string? account, StorageService service, string? sas)
    {
        var d = DestinationAccount.Parse(url);
        Assert.Equal((account, service, sas), (d.AccountName, d.Service, d.SasQuery));
    }

    [Fact]
    public void Request_and_destination_text_never_show_the_sas_or_environment()
    {
        var d = DestinationAccount.Parse("https://acct.blob.core.windows.net/c?sv=1&sig=SIGVALUE");
        var r = new AuthRequest { SasQuery = d.SasQuery, AccountName = d.AccountName, Environment = new Dictionary<string, string?> { ["AZURE_CLIENT_SECRET"] = "ENVSECRET" } };
        foreach (var text in new[] { d.ToString(), r.ToString() })
        {
            Assert.DoesNotContain("SIGVALUE", text);
            Assert.DoesNotContain("ENVSECRET", text);
            Assert.Contains("acct", text);
        }
    }

    [Fact]
    public void Token_claims_are_decoded_and_opaque_tokens_give_null()
    {
        var jwt = FakeJwt.Create(new JsonObject
        {
            ["tid"] = "t1", ["oid"] = "o1", ["appid"] = "a1", ["aud"] = "https://storage.azure.com", ["exp"] = 2000000000,
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

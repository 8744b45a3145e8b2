using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AzSync.Azure.Identity;
using AzSync.Testing.FakeIdentity;

namespace AzSync.Azure.Tests.Identity;

public sealed class TokenAcquisitionTests : IdentityTestBase
{
    private static JsonObject Claims(string token) => FakeJwt.Claims(token);

    [Fact]
    public async Task GitHub_oidc_fetches_a_fresh_github_token_for_every_entra_token()
    {
        // GitHub tokens that expire in 2 s and Entra tokens short enough that MSAL renews them on each call:
        // once the server's clock has moved past the first GitHub token, the second call only succeeds if the
        // callback asks GitHub again instead of replaying it.
        Server.GitHubTokenLifetime = TimeSpan.FromSeconds(2);
        Server.AccessTokenLifetime = TimeSpan.FromSeconds(90);
        var choice = Choose(Env(("ACTIONS_ID_TOKEN_REQUEST_URL", Server.GitHubRequestUrl.ToString()),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", Server.GitHubRequestToken), ("AZURE_TENANT_ID", Tenant),
                ("AZURE_CLIENT_ID", ClientId)));
        Assert.Equal("github-oidc", choice.Source);

        var first = await TokenAsync(choice);
        Assert.Equal(1, Server.Count("github"));
        Server.ClockAhead = TimeSpan.FromSeconds(3);
        var second = await TokenAsync(choice);

        Assert.Equal(2, Server.Count("github"));
        Assert.Empty(Server.Rejections);
        Assert.Equal(2, Server.AcceptedAssertions.Distinct().Count());
        Assert.NotEqual(first.Token, second.Token);
        var c = Claims(second.Token);
        Assert.Equal("https://storage.azure.com", c["aud"]!.ToString());
        Assert.Equal(ClientId, c["appid"]!.ToString());
        Assert.Equal($"https://sts.windows.net/{Tenant}/", c["iss"]!.ToString());
        Assert.All(Server.AcceptedAssertions,
            a => Assert.Equal(FakeIdentityServer.GitHubIssuer, Claims(a)["iss"]!.ToString()));
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task GitHub_oidc_with_a_wrong_request_token_fails_without_leaking_it()
    {
        const string wrong = "wrong-gh-request-token-value";
        Secrets.Add(wrong);
        var choice = Choose(Env(("ACTIONS_ID_TOKEN_REQUEST_URL", Server.GitHubRequestUrl.ToString()),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", wrong), ("AZURE_TENANT_ID", Tenant), ("AZURE_CLIENT_ID", ClientId)));
        var e = await FailsAsync(choice);
        Assert.Contains("id-token: write", e.ToString());
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Federated_token_file_is_sent_as_the_assertion()
    {
        var now = FakeJwt.Now;
        var federated = FakeJwt.Create(new JsonObject
        {
            ["iss"] = FakeIdentityServer.KubernetesIssuer,
            ["aud"] = FakeIdentityServer.ExchangeAudience,
            ["sub"] = "system:serviceaccount:ns:sa",
            ["iat"] = now,
            ["exp"] = now + 600,
        });
        Secrets.Add(federated);
        var file = Path.Combine(TempDir, "federated-token");
        await File.WriteAllTextAsync(file, federated);
        var choice = Choose(
            Env(("AZURE_FEDERATED_TOKEN_FILE", file), ("AZURE_TENANT_ID", Tenant), ("AZURE_CLIENT_ID", ClientId)));
        Assert.Equal("workload", choice.Source);
        var token = await TokenAsync(choice);
        Assert.Equal(federated, Assert.Single(Server.AcceptedAssertions));
        Assert.Equal(Tenant, Claims(token.Token)["tid"]!.ToString());
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Azure_pipelines_posts_to_the_oidc_uri_with_the_system_token()
    {
        var choice = Choose(Env(("SYSTEM_OIDCREQUESTURI", Server.AzureDevOpsOidcUri.ToString()),
            ("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", "sc-0001"),
                ("SYSTEM_ACCESSTOKEN", Server.AzureDevOpsSystemToken),
            ("AZURESUBSCRIPTION_CLIENT_ID", ClientId), ("AZURESUBSCRIPTION_TENANT_ID", Tenant)));
        Assert.Equal("azure-pipelines", choice.Source);
        Assert.Contains("sc-0001", choice.Reason);
        var token = await TokenAsync(choice);
        Assert.Equal(1, Server.Count("ado"));
        Assert.Contains(Server.Requests, r => r.StartsWith("POST https /ado/oidc?", StringComparison.Ordinal)
            && r.Contains("serviceConnectionId=sc-0001") && r.Contains("api-version=7.1"));
        Assert.Equal(FakeIdentityServer.AzureDevOpsIssuer,
            Claims(Assert.Single(Server.AcceptedAssertions))["iss"]!.ToString());
        Assert.Equal(ClientId, Claims(token.Token)["appid"]!.ToString());
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Service_principal_secret_gets_a_token_and_a_wrong_one_fails_without_leaking()
    {
        const string secret = "spn-secret-value-0123456789";
        Secrets.Add(secret);
        Server.AddClientSecret(ClientId, secret);
        Server.Roles = ["Storage.Blob.Data.Contributor"];
        var token = await TokenAsync(
            Choose(Env(("AZURE_TENANT_ID", Tenant), ("AZURE_CLIENT_ID", ClientId), ("AZURE_CLIENT_SECRET", secret))));
        Assert.Equal("Storage.Blob.Data.Contributor", Claims(token.Token)["roles"]![0]!.ToString());

        const string wrong = "spn-wrong-secret-9876543210";
        Secrets.Add(wrong);
        var e = await FailsAsync(
            Choose(Env(("AZURE_TENANT_ID", Tenant), ("AZURE_CLIENT_ID", ClientId), ("AZURE_CLIENT_SECRET", wrong))));
        Assert.Contains("AADSTS7000215", e.ToString());
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Service_principal_certificate_signs_an_assertion_for_the_token_endpoint()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=azsync-spn", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        const string password = "pfx-password-value";
        Secrets.Add(password);
        var pfx = Path.Combine(TempDir, "spn.pfx");
        await File.WriteAllBytesAsync(pfx, cert.Export(X509ContentType.Pfx, password));

        var choice = Choose(Env(("AZURE_TENANT_ID", Tenant), ("AZURE_CLIENT_ID", ClientId),
            ("AZURE_CLIENT_CERTIFICATE_PATH", pfx), ("AZURE_CLIENT_CERTIFICATE_PASSWORD", password)));
        Assert.Equal("spn", choice.Source);
        try { await TokenAsync(choice); }
        catch (Exception) { Assert.Fail(string.Join("\n", Server.Rejections)); }
        var assertion = Claims(Assert.Single(Server.AcceptedAssertions));
        Assert.Equal(ClientId, assertion["iss"]!.ToString());

        var bad = Assert.Throws<CredentialConfigurationException>(
            () => Choose(Env(("AZURE_TENANT_ID", Tenant), ("AZURE_CLIENT_ID", ClientId),
            ("AZURE_CLIENT_CERTIFICATE_PATH", pfx), ("AZURE_CLIENT_CERTIFICATE_PASSWORD", "not-the-password"))));
        Seen.Add(bad.Message);
        Assert.Contains("AZURE_CLIENT_CERTIFICATE_PATH", bad.Message);
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Device_code_prints_the_prompt_and_completes_when_the_test_approves()
    {
        var prompt = new AzSync.Testing.WatchedWriter();
        var choice = Choose(Env(("AZURE_TENANT_ID", Tenant)), AuthMode.Device, prompt, interactive: true);
        var pending = TokenAsync(choice);
        var userCode = await Server.FirstUserCode.WaitAsync(TimeSpan.FromSeconds(30));
        // The prompt is written once the device-code response is back: approve only after it showed the code, as a
        // person would (the timeout only bounds a hang).
        await prompt.WhenContains(userCode).WaitAsync(TimeSpan.FromSeconds(30));
        Server.ApproveDeviceCode(userCode, "dev@example.com");
        var token = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("dev@example.com", Claims(token.Token)["upn"]!.ToString());
        Seen.Add(prompt.ToString());
        AssertNoSecretsSeen();
    }
}

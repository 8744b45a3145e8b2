using System.Text.Json.Nodes;
using AzSync.Testing;
using AzSync.Testing.FakeIdentity;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>
/// Token credentials end to end: the built tool gets a token from the fake Entra ID (after asking the fake GitHub or
/// Azure DevOps endpoint for an ID token, reading a federated token file, or sending a client secret), from the
/// fake managed identity endpoint, or from fake `az`/`pwsh` on PATH, and uploads to Azurite running with OAuth over
/// HTTPS. Only the identity services are stand-ins; the credential code is Azure.Identity's.
/// </summary>
[Trait("Needs", "azurite")]
public sealed class TokenEndToEndTests : TokenTestBase
{
    [Fact]
    public async Task GitHub_oidc_gets_a_token_from_entra_and_uploads_to_azurite()
    {
        var env = Env(World.GitHubOidc("11111111-2222-3333-4444-555555555555"));
        await SyncsWith("github-oidc", "oidc", env, Identity.GitHubRequestToken);
        Assert.True(Identity.Count("github") >= 1, "the fake GitHub endpoint was never asked for an ID token");

        var again = await AzSyncProcess.Default.RunAsync(["plan", "--destination-type", "blob", Dir.Source,
            Azurite.ContainerUrl("oidc"), "--detailed-exitcode"], environment: env);
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_federated_token_file_gets_a_token_and_uploads_also_as_azcopys_workload_type(bool azCopyType)
    {
        var federated = FakeJwt.Create(new JsonObject
        {
            ["iss"] = FakeIdentityServer.KubernetesIssuer,
            ["aud"] = FakeIdentityServer.ExchangeAudience,
            ["sub"] = "system:serviceaccount:ns:sa",
            ["iat"] = FakeJwt.Now,
            ["exp"] = FakeJwt.Now + 600,
        });
        var file = Path.Combine(Dir.Root, "federated-token");
        File.WriteAllText(file, federated);
        var env = Env(
            ("AZURE_FEDERATED_TOKEN_FILE", file), ("AZURE_CLIENT_ID", "22222222-0000-0000-0000-000000000001"));
        if (azCopyType) env["AZCOPY_AUTO_LOGIN_TYPE"] = "WORKLOAD";
        var result = await SyncsWith("workload", "workload", env, federated);
        Assert.Contains(federated, Identity.AcceptedAssertions);
        if (azCopyType) Assert.Contains("AZCOPY_AUTO_LOGIN_TYPE=WORKLOAD", result.StdErr);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_secret_gets_a_token_and_uploads_also_through_azcopys_variables(bool azCopyNames)
    {
        var clientId = "33333333-0000-0000-0000-00000000000" + (azCopyNames ? "2" : "1");
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        Identity.AddClientSecret(clientId, secret);
        var env = azCopyNames
            ? Env(("AZCOPY_AUTO_LOGIN_TYPE", "SPN"), ("AZCOPY_SPA_APPLICATION_ID", clientId),
                ("AZCOPY_SPA_CLIENT_SECRET", secret), ("AZCOPY_TENANT_ID", OAuthWorld.Tenant))
            : Env(("AZURE_CLIENT_ID", clientId), ("AZURE_CLIENT_SECRET", secret));
        await SyncsWith("spn", azCopyNames ? "azcopy-spn" : "spn", env, secret);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_certificate_signs_the_assertion_and_uploads_also_through_azcopys_variables(
        bool azCopyNames)
    {
        var clientId = "44444444-0000-0000-0000-00000000000" + (azCopyNames ? "2" : "1");
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=azsync-e2e-spn", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256,
                System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var password = "pfx-" + Guid.NewGuid().ToString("N");
        var pfx = Path.Combine(Dir.Root, "spn.pfx");
        File.WriteAllBytes(
            pfx, cert.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, password));
        var env = azCopyNames
            ? Env(("AZCOPY_AUTO_LOGIN_TYPE", "SPN"), ("AZCOPY_SPA_APPLICATION_ID", clientId),
                ("AZCOPY_SPA_CERT_PATH", pfx), ("AZCOPY_SPA_CERT_PASSWORD", password),
                ("AZCOPY_TENANT_ID", OAuthWorld.Tenant))
            : Env(("AZURE_CLIENT_ID", clientId), ("AZURE_CLIENT_CERTIFICATE_PATH", pfx),
                ("AZURE_CLIENT_CERTIFICATE_PASSWORD", password));
        await SyncsWith("spn", azCopyNames ? "azcopy-cert" : "cert", env, password);
        // The assertion the fake Entra accepted was signed for this client, i.e. by the certificate.
        Assert.Contains(Identity.AcceptedAssertions, a => FakeJwt.Claims(a)["iss"]?.ToString() == clientId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Azure_pipelines_workload_identity_asks_azure_devops_then_entra_and_uploads(bool explicitMode)
    {
        const string connection = "5c000000-0000-0000-0000-00000000c0e1";
        var env = Env(World.AzurePipelines("44444444-0000-0000-0000-000000000001", connection));
        var args = SyncArgs("pipelines");
        if (explicitMode) args = [.. args, "--auth", "azure-pipelines"];
        var result = await AzSyncProcess.Default.RunAsync(args, environment: env, timeout: RunTimeout);
        AssertUploaded(result, "azure-pipelines", Identity.AzureDevOpsSystemToken);
        Assert.Contains($"service connection {connection}", result.StdErr);
        Assert.True(Identity.Count("ado") >= 1, "the fake Azure DevOps OIDC endpoint was never asked");
        Assert.Contains(Identity.Requests, r => r.StartsWith("POST https /ado/oidc?", StringComparison.Ordinal)
            && r.Contains($"serviceConnectionId={connection}"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("MSI")]
    public async Task Managed_identity_from_the_app_service_endpoint_uploads(string? azCopyType)
    {
        var env = Env(World.AppServiceManagedIdentity());
        if (azCopyType is not null)
        {
            env["AZCOPY_AUTO_LOGIN_TYPE"] = azCopyType;
            env["AZCOPY_MSI_CLIENT_ID"] = "55555555-0000-0000-0000-0000000000a1";
        }
        var result = await SyncsWith("msi", "msi", env, Identity.IdentityHeader);
        Assert.Contains("IDENTITY_ENDPOINT and IDENTITY_HEADER are set", result.StdErr);
        var calls = Identity.Requests
            .Where(r => r.StartsWith("GET http /msi/token?", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(calls);
        if (azCopyType is null)
        {
            Assert.Contains("system-assigned", result.StdErr);
            Assert.DoesNotContain(calls, c => c.Contains("client_id="));
        }
        else
        {
            Assert.Contains(
                "user-assigned client 55555555-0000-0000-0000-0000000000a1 (from AZCOPY_MSI_CLIENT_ID)", result.StdErr);
            Assert.All(calls, c => Assert.Contains("client_id=55555555-0000-0000-0000-0000000000a1", c));
        }
    }

    [Theory]
    [InlineData("az", null, "azcli")]
    [InlineData("az", "AZCLI", "azcli")]
    [InlineData("pwsh", "PSCRED", "pwsh")]
    public async Task Azure_cli_and_powershell_tokens_come_from_the_tools_first_on_path(
        string tool, string? azCopyType, string expectedSource)
    {
        using var tools = new FakeTools();
        var token = Identity.IssueAccessToken(OAuthWorld.Tenant, tool + "-user-app");
        var expires = DateTimeOffset.UtcNow.AddMinutes(50);
        if (tool == "az") tools.WriteAz(token, expires);
        else tools.WritePwsh(token, expires);
        var env = Env(("PATH", tools.BinDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH")));
        if (azCopyType is not null) env["AZCOPY_AUTO_LOGIN_TYPE"] = azCopyType;
        var result = await SyncsWith(
            expectedSource, tool + "-" + (azCopyType ?? "auto").ToLowerInvariant(), env, token);
        Assert.Contains($"`{tool}` found at {Path.Combine(tools.BinDirectory, tool)}", result.StdErr);
        var asked = await File.ReadAllTextAsync(tool == "az" ? tools.AzLog : tools.PwshLog);
        Assert.Contains(tool == "az" ? $"--resource https://storage.azure.com --tenant {OAuthWorld.Tenant}"
            : "-NonInteractive", asked);
    }
}

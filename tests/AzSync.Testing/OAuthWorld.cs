using System.Security.Cryptography.X509Certificates;
using AzSync.FilesEmulator;
using AzSync.Testing.FakeIdentity;

namespace AzSync.Testing;

/// <summary>
/// Azurite with OAuth over HTTPS, the fake Entra ID / GitHub / Azure DevOps / managed-identity server, and one CA
/// bundle that a child process trusts through SSL_CERT_FILE. Every token test of the built tool, the action and the
/// Pipelines task starts from this, so the three describe the same world the same way.
/// </summary>
public sealed class OAuthWorld : IAsyncDisposable
{
    public const string Tenant = "tenant-e2e";
    public Azurite Azurite { get; }
    public FakeIdentityServer Identity { get; }
    /// <summary>PEM bundle of both test CAs.</summary>
    public string TrustBundle { get; }
    private readonly string _dir;

    private OAuthWorld(Azurite azurite, FakeIdentityServer identity, string dir)
    {
        (Azurite, Identity, _dir) = (azurite, identity, dir);
        TrustBundle = Path.Combine(dir, "ca-bundle.pem");
        File.WriteAllText(TrustBundle, azurite.Certificates!.Authority.ExportCertificatePem() + "\n"
            + identity.Certificates.Authority.ExportCertificatePem());
    }

    public static async Task<OAuthWorld> StartAsync()
    {
        var azurite = await Azurite.StartAsync(oauth: true);
        var identity = await FakeIdentityServer.StartAsync();
        return new OAuthWorld(azurite, identity, Directory.CreateTempSubdirectory("azsync-oauth-").FullName);
    }

    /// <summary>Trust, tenant and authority host: what every token run needs; add the mode's own variables.</summary>
    public Dictionary<string, string?> Environment(params (string Name, string? Value)[] extra)
    {
        var env = new Dictionary<string, string?>
        {
            ["SSL_CERT_FILE"] = TrustBundle,
            ["SSL_CERT_DIR"] = null,
            ["AZURE_TENANT_ID"] = Tenant,
            ["AZURE_AUTHORITY_HOST"] = Identity.HttpsBase.ToString(),
        };
        foreach (var (name, value) in extra) env[name] = value;
        return env;
    }

    /// <summary>What GitHub Actions puts in a job that has `permissions: id-token: write`.</summary>
    public (string Name, string? Value)[] GitHubOidc(string clientId) =>
    [
        ("ACTIONS_ID_TOKEN_REQUEST_URL", Identity.GitHubRequestUrl.ToString()),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", Identity.GitHubRequestToken),
        ("AZURE_CLIENT_ID", clientId),
    ];

    /// <summary>What an Azure Pipelines job inside an AzureCLI@2-style step with a workload identity service
    /// connection has, once System.AccessToken is mapped into the environment.</summary>
    public (string Name, string? Value)[] AzurePipelines(string clientId, string serviceConnectionId) =>
    [
        ("SYSTEM_OIDCREQUESTURI", Identity.AzureDevOpsOidcUri.ToString()),
        ("SYSTEM_ACCESSTOKEN", Identity.AzureDevOpsSystemToken),
        ("AZURESUBSCRIPTION_CLIENT_ID", clientId),
        ("AZURESUBSCRIPTION_TENANT_ID", Tenant),
        ("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", serviceConnectionId),
    ];

    /// <summary>What App Service, Functions and Container Apps put
    /// in the environment of an app with an identity.</summary>
    public (string Name, string? Value)[] AppServiceManagedIdentity() =>
    [
        ("IDENTITY_ENDPOINT", Identity.ManagedIdentityEndpoint.ToString()),
        ("IDENTITY_HEADER", Identity.IdentityHeader),
    ];

    /// <summary>The Files emulator over HTTPS (bearer tokens need
    /// TLS) with a certificate the trust bundle covers.</summary>
    public Task<FilesEmulatorServer> StartFilesEmulatorAsync()
    {
        var pfx = Path.Combine(_dir, "files-emulator.pfx");
        File.WriteAllBytes(pfx, Identity.Certificates.Server.Export(X509ContentType.Pfx));
        return FilesEmulatorServer.StartAsync(
            new FilesEmulatorOptions { Port = 0, HttpsPort = 0, CertificatePath = pfx });
    }

    public async ValueTask DisposeAsync()
    {
        await Azurite.DisposeAsync();
        await Identity.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

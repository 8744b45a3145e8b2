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
        File.WriteAllText(TrustBundle, azurite.Certificates!.Authority.ExportCertificatePem() + "\n" + identity.Certificates.Authority.ExportCertificatePem());
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
            ["SSL_CERT_FILE"] = TrustBundle, ["SSL_CERT_DIR"] = null, ["AZURE_TENANT_ID"] = Tenant,
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

    public async ValueTask DisposeAsync()
    {
        await Azurite.DisposeAsync();
        await Identity.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

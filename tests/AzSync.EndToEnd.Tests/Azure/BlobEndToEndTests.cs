using System.Text.Json;
using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;
using AzSync.Testing.FakeIdentity;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>The real tool against a real Azurite: each credential path, and no secret in anything it prints.</summary>
public sealed class BlobEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly E2eTempDir _dir = new();
    private Azurite _azurite = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _dir.WriteSource("index.html", "<h1>hi</h1>");
        _dir.WriteSource("css/site.css", "h1{}");
        _dir.WriteSource("big/data.bin", new byte[9 << 20]);
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private static void AssertNoSecret(AzSyncResult result, string secret, string? reportPath = null)
    {
        Assert.DoesNotContain(secret, result.StdOut + result.StdErr);
        Assert.DoesNotContain(Uri.EscapeDataString(secret), result.StdOut + result.StdErr);
        if (reportPath is not null) Assert.DoesNotContain(secret, File.ReadAllText(reportPath));
    }

    [Fact]
    public async Task A_connection_string_syncs_and_a_re_sync_sends_nothing()
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };
        var url = _azurite.ContainerUrl("site");
        var first = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source, url, "--create-container", "-o", "json"], environment: env);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(3, JsonDocument.Parse(first.StdOut).RootElement.GetProperty("totals").GetProperty("uploaded").GetInt32());

        foreach (var f in Directory.GetFiles(_dir.Source, "*", SearchOption.AllDirectories)) File.SetLastWriteTimeUtc(f, DateTime.UtcNow);
        var second = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source, url, "-o", "json"], environment: env);
        Assert.True(second.ExitCode == 0, second.ToString());
        var totals = JsonDocument.Parse(second.StdOut).RootElement.GetProperty("totals");
        Assert.Equal(0, totals.GetProperty("uploaded").GetInt32());
        Assert.Equal(3, totals.GetProperty("unchanged").GetInt32());
        AssertNoSecret(first, Azurite.Key);
        AssertNoSecret(second, Azurite.Key);
    }

    [Fact]
    public async Task A_sas_in_the_url_never_appears_in_output_or_report()
    {
        var setup = await AzSyncProcess.Default.RunAsync(["plan", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("sas"), "--create-container"],
            environment: new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString });
        Assert.True(setup.ExitCode == 0, setup.ToString());
        var sas = await AzuriteSdk.ContainerSasAsync("sas", "racwdl");
        var sig = Uri.UnescapeDataString(sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..]);
        var report = Path.Combine(_dir.Root, "report.json");
        var result = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source, $"{_azurite.ContainerUrl("sas")}?{sas}", "-v", "--report", report]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 uploaded", result.StdOut);
        AssertNoSecret(result, sig, report);

        var readOnly = sas.Replace("sp=racwdl", "sp=rl");
        var denied = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source, $"{_azurite.ContainerUrl("sas")}?{readOnly}"]);
        Assert.NotEqual(0, denied.ExitCode);
        AssertNoSecret(denied, sig);
    }

    [Fact]
    public async Task A_missing_container_exits_1_with_the_hint_and_bad_keys_exit_3()
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString };
        var missing = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("nothere")], environment: env);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--create-container", missing.StdErr);

        var badKey = Convert.ToBase64String(new byte[64]);
        var bad = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("nothere")],
            environment: new Dictionary<string, string?> { ["AZURE_STORAGE_KEY"] = badKey });
        Assert.True(bad.ExitCode == 3, bad.ToString());
        AssertNoSecret(bad, badKey);
    }
}

/// <summary>
/// Token credentials end to end: the built tool gets a token from the fake Entra ID (after asking the fake GitHub
/// endpoint for an ID token, reading a federated token file, or sending a client secret) and uploads to Azurite
/// running with OAuth over HTTPS. Only the identity services are stand-ins; the credential code is Azure.Identity's.
/// </summary>
public sealed class TokenEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly E2eTempDir _dir = new();
    private OAuthWorld _world = null!;
    private Azurite _azurite => _world.Azurite;
    private FakeIdentityServer _identity => _world.Identity;

    public async Task InitializeAsync()
    {
        _world = await OAuthWorld.StartAsync();
        _dir.WriteSource("a.txt", "via oidc");
        _dir.WriteSource("b/c.txt", "also");
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task GitHub_oidc_gets_a_token_from_entra_and_uploads_to_azurite()
    {
        var env = _world.Environment(_world.GitHubOidc("11111111-2222-3333-4444-555555555555"));
        var result = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("oidc"), "--create-container", "-v"],
            environment: env, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("credential: github-oidc", result.StdErr);
        Assert.Contains("2 uploaded", result.StdOut);
        Assert.True(_identity.Count("github") >= 1, "the fake GitHub endpoint was never asked for an ID token");
        Assert.DoesNotContain(_identity.GitHubRequestToken, result.StdOut + result.StdErr);

        var again = await AzSyncProcess.Default.RunAsync(["plan", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("oidc"), "--detailed-exitcode"], environment: env);
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    private Dictionary<string, string?> EntraEnv(params (string Name, string? Value)[] extra) => _world.Environment(extra);

    private async Task SyncsWith(string expectedSource, string container, Dictionary<string, string?> env, params string[] secrets)
    {
        var result = await AzSyncProcess.Default.RunAsync(["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl(container), "--create-container", "-v"],
            environment: env, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"credential: {expectedSource}", result.StdErr);
        Assert.Contains("2 uploaded", result.StdOut);
        foreach (var secret in secrets) Assert.DoesNotContain(secret, result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task A_federated_token_file_gets_a_token_and_uploads()
    {
        var federated = FakeJwt.Create(new System.Text.Json.Nodes.JsonObject
        {
            ["iss"] = FakeIdentityServer.KubernetesIssuer, ["aud"] = FakeIdentityServer.ExchangeAudience,
            ["sub"] = "system:serviceaccount:ns:sa", ["iat"] = FakeJwt.Now, ["exp"] = FakeJwt.Now + 600,
        });
        var file = Path.Combine(_dir.Root, "federated-token");
        File.WriteAllText(file, federated);
        await SyncsWith("workload", "workload", EntraEnv(("AZURE_FEDERATED_TOKEN_FILE", file), ("AZURE_CLIENT_ID", "22222222-0000-0000-0000-000000000001")), federated);
        Assert.Contains(federated, _identity.AcceptedAssertions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_secret_gets_a_token_and_uploads_also_through_azcopys_variables(bool azCopyNames)
    {
        var clientId = "33333333-0000-0000-0000-00000000000" + (azCopyNames ? "2" : "1");
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        _identity.AddClientSecret(clientId, secret);
        var env = azCopyNames
            ? EntraEnv(("AZCOPY_AUTO_LOGIN_TYPE", "SPN"), ("AZCOPY_SPA_APPLICATION_ID", clientId), ("AZCOPY_SPA_CLIENT_SECRET", secret), ("AZCOPY_TENANT_ID", "tenant-e2e"))
            : EntraEnv(("AZURE_CLIENT_ID", clientId), ("AZURE_CLIENT_SECRET", secret));
        await SyncsWith("spn", azCopyNames ? "azcopy-spn" : "spn", env, secret);
    }
}

using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>`azsync auth status DESTINATION` with the built tool against Azurite with OAuth: who the token is for and
/// until when, never the token; exit 3 when no credential works; a misspelt --auth is a usage error
/// everywhere.</summary>
[Trait("Needs", "azurite")]
public sealed class AuthStatusEndToEndTests : TokenTestBase
{
    private const string ClientId = "66666666-0000-0000-0000-000000000001";

    private Dictionary<string, string?> SecretEnv(string secret) =>
        Env(("AZURE_CLIENT_ID", ClientId), ("AZURE_CLIENT_SECRET", secret));

    private Task<AzSyncResult> Status(string container, Dictionary<string, string?> env, params string[] extra) =>
        AzSyncProcess.Default.RunAsync(["auth", "status", Azurite.ContainerUrl(container), "--destination-type", "blob",
            .. extra], environment: env, timeout: RunTimeout);

    [Fact]
    public async Task A_working_token_shows_source_tenant_and_expiry_and_the_read_check_passes()
    {
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        Identity.AddClientSecret(ClientId, secret);
        await SyncsWith("spn", "status", SecretEnv(secret), secret);

        var status = await Status("status", SecretEnv(secret));
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("Credential: spn — AZURE_CLIENT_SECRET is set", status.StdOut);
        Assert.Contains($"Tenant:     {OAuthWorld.Tenant}", status.StdOut);
        Assert.Contains($"appid {ClientId}, tenant {OAuthWorld.Tenant}", status.StdOut);
        Assert.Matches(@"Expires:    \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", status.StdOut);
        Assert.Contains($"Read check: OK ({Azurite.ContainerUrl("status")})", status.StdOut);
        AssertNoToken(status, secret);
    }

    [Fact]
    public async Task No_usable_credential_exits_3()
    {
        // A PATH without az or pwsh (hosted CI runners have both).
        var none = await Status("status", Env(("PATH", Dir.Source)));
        Assert.True(none.ExitCode == 3, none.ToString());
        Assert.Contains("No credential found", none.StdErr);

        Identity.AddClientSecret(ClientId, "the-right-secret");
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var refused = await Status("status", SecretEnv(wrong));
        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains("No token from spn", refused.StdErr);
        AssertNoToken(refused, wrong);
    }

    [Theory]
    [InlineData("auth", "status")]
    [InlineData("sync")]
    public async Task A_misspelt_auth_mode_is_a_usage_error(params string[] command)
    {
        var result = await AzSyncProcess.Default.RunAsync(
            [.. command, Azurite.ContainerUrl("x"), "--auth", "github-odic"], environment: Env());
        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("--auth 'github-odic' is not a mode. Valid values: auto, sas,", result.StdErr);
    }

    [Theory]
    [InlineData("auth", "status")]
    [InlineData("sync")]
    public async Task A_misspelt_destination_type_is_a_usage_error(params string[] command)
    {
        var result = await AzSyncProcess.Default.RunAsync(
            [.. command, Azurite.ContainerUrl("x"), "--destination-type", "blobs"], environment: Env());
        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("'blobs' not recognized", result.StdErr);
    }
}

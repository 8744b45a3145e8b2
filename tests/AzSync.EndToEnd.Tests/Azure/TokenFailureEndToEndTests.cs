using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>A token credential that cannot work ends in one line naming the source or setting and why: exit 3 for
/// the credential, exit 5 for a token over plain http; never an unexpected error, never the secret. Every endpoint is
/// a loopback port nothing listens on, so these runs need no identity server.</summary>
public sealed class TokenFailureEndToEndTests : OneFileSourceTest
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string Client = "22222222-0000-0000-0000-000000000001";
    private const string Secret = "CLIENT-SECRET-NOT-TO-BE-SHOWN";
    private const string GitHubToken = "GITHUB-REQUEST-TOKEN-NOT-TO-BE-SHOWN";

    private static string Refused => $"https://127.0.0.1:{Loopback.FreePort()}/";

    private async Task<AzSyncResult> PlanAsync(string destination, params (string Name, string? Value)[] env)
    {
        var result = await AzSyncProcess.Default.RunAsync(
            ["plan", Dir.Source, destination, "--destination-type", "blob"], Dir.Root,
            CredentialEnv.Only(Dir, [("AZURE_CLIENT_ID", Client), .. env]));
        foreach (var secret in new[] { Secret, GitHubToken })
            Assert.DoesNotContain(secret, result.StdOut + result.StdErr);
        Assert.DoesNotContain("unexpected", result.StdErr);
        return result;
    }

    private static string HttpsDestination => $"{Refused}devstoreaccount1/cont1";

    [Fact]
    public async Task An_invalid_tenant_id_names_where_it_came_from()
    {
        var fromEnv = (await PlanAsync(
            HttpsDestination, ("AZURE_TENANT_ID", "not a tenant/../x"), ("AZURE_CLIENT_SECRET", Secret))).ShouldExit(3);
        Assert.StartsWith("error: AZURE_TENANT_ID is not a valid tenant id", fromEnv.StdErr);

        var result = await AzSyncProcess.Default.RunAsync(
            ["plan", Dir.Source, HttpsDestination, "--destination-type", "blob", "--tenant-id", "a b"],
            Dir.Root, CredentialEnv.Only(Dir, ("AZURE_CLIENT_ID", Client), ("AZURE_CLIENT_SECRET", Secret)));
        Assert.StartsWith("error: --tenant-id is not a valid tenant id", result.ShouldExit(3).StdErr);
    }

    [Fact]
    public async Task A_missing_federated_token_file_names_workload_identity_and_the_file()
    {
        var missing = Path.Combine(Dir.Root, "no-such-token");
        var result = (await PlanAsync(
            HttpsDestination, ("AZURE_TENANT_ID", Tenant), ("AZURE_FEDERATED_TOKEN_FILE", missing),
            ("AZURE_AUTHORITY_HOST", Refused))).ShouldExit(3);
        Assert.Equal($"error: could not get a token for workload identity: Could not find file '{missing}'.",
            result.StdErr.Trim());
    }

    [Fact]
    public async Task An_authority_that_does_not_answer_is_named_with_the_source_and_the_reason()
    {
        var authority = Refused;
        var result = (await PlanAsync(HttpsDestination, ("AZURE_TENANT_ID", Tenant), ("AZURE_CLIENT_SECRET", Secret),
            ("AZURE_AUTHORITY_HOST", authority))).ShouldExit(3);
        Assert.StartsWith("error: could not get a token for service principal (secret) from " +
            $"{new Uri(authority).Authority}: connection refused after 4 attempts;", result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_github_oidc_url_that_is_not_a_url_or_does_not_answer_is_named()
    {
        (string, string?)[] GitHub(string url) =>
            [("AZURE_TENANT_ID", Tenant), ("ACTIONS_ID_TOKEN_REQUEST_URL", url),
                ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GitHubToken), ("AZURE_AUTHORITY_HOST", Refused)];

        var notUrl = (await PlanAsync(HttpsDestination, GitHub("not a url"))).ShouldExit(3);
        Assert.StartsWith("error: ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL", notUrl.StdErr);

        var port = Loopback.FreePort();
        var refused = (await PlanAsync(HttpsDestination, GitHub($"http://127.0.0.1:{port}/token?api-version=2.0")))
            .ShouldExit(3);
        Assert.Equal("error: could not get a token for GitHub OIDC: ACTIONS_ID_TOKEN_REQUEST_URL: " +
            $"cannot reach 127.0.0.1:{port} (connection refused) after 1 attempt.", refused.StdErr.Trim());
    }

    [Fact]
    public async Task A_token_credential_with_a_plain_http_emulator_is_a_usage_error_before_any_request()
    {
        var token = Path.Combine(Dir.Root, "federated-token");
        File.WriteAllText(token, "eyJ.not-read");
        var result = (await PlanAsync($"http://127.0.0.1:{Loopback.FreePort()}/devstoreaccount1/cont1",
            ("AZURE_TENANT_ID", Tenant), ("AZURE_FEDERATED_TOKEN_FILE", token), ("AZURE_AUTHORITY_HOST", Refused)))
            .ShouldExit(5);
        Assert.Equal("error: A token credential (workload identity) needs an https:// destination; " +
            "use a key or SAS with an http emulator.", result.StdErr.Trim());
    }
}

using System.CommandLine;
using AzSync.Azure.Rest;
using AzSync.Commands;

namespace AzSync.Azure.Tests.Identity;

/// <summary>The auth commands run in-process against the fake identity server with an injected environment.</summary>
public sealed class AuthCommandsTests : IdentityTestBase, IDisposable
{
    private readonly StringWriter _out = new(), _err = new();

    public void Dispose()
    {
        _out.Dispose();
        _err.Dispose();
    }
    private readonly List<(string Destination, StorageCredential Credential)> _probed = [];

    private async Task<int> RunAsync(Dictionary<string, string?> env, string? probeResult, params string[] args)
    {
        var root = new RootCommand("test");
        var context = new AuthCommandContext
        {
            Environment = () => env,
            Transport = Transport,
            Out = _out,
            Error = _err,
            StdinInteractive = false,
            StdoutInteractive = false,
            StderrInteractive = false,
        };
        foreach (var c in AuthCommands.Create(
            (d, _, _, cred, _) => { _probed.Add((d, cred)); return Task.FromResult(probeResult); }, context))
            root.Subcommands.Add(c);
        var code = await root.Parse(args).InvokeAsync();
        Seen.AddRange([_out.ToString(), _err.ToString()]);
        return code;
    }

    [Fact]
    public async Task Auth_status_with_github_oidc_explains_the_choice_and_decodes_the_token()
    {
        Server.Roles = ["Storage.Blob.Data.Reader"];
        var env = Env(("ACTIONS_ID_TOKEN_REQUEST_URL", Server.GitHubRequestUrl.ToString()),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", Server.GitHubRequestToken), ("AZURE_TENANT_ID", Tenant),
                ("AZURE_CLIENT_ID", ClientId));
        var code = await RunAsync(env, null, "auth", "status", "https://acct.blob.core.windows.net/cont");
        var text = _out.ToString();
        Assert.True(code == 0, _err.ToString());
        Assert.Contains("Credential: github-oidc", text);
        Assert.Contains("skipped sas:", text);
        Assert.Contains($"appid {ClientId}", text);
        Assert.Contains($"tenant {Tenant}", text);
        Assert.Contains("Audience:   https://storage.azure.com", text);
        Assert.Contains("Roles:      Storage.Blob.Data.Reader", text);
        Assert.Contains("Expires:", text);
        Assert.Contains("Read check: OK", text);
        Assert.Equal("https://acct.blob.core.windows.net/cont", Assert.Single(_probed).Destination);
        Secrets.AddRange(Server.AcceptedAssertions);
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Auth_status_with_a_sas_url_hides_the_signature_and_reports_a_failed_read_with_exit_3()
    {
        Secrets.Add("SIGNATURE-VALUE");
        var code = await RunAsync(Env(), "403 AuthorizationPermissionMismatch: grant Storage Blob Data Reader",
            "auth", "status",
                "https://acct.blob.core.windows.net/cont?sv=2024-11-04&sp=rl&se=2030-01-01&sig=SIGNATURE-VALUE");
        Assert.Equal(3, code);
        Assert.Contains("permissions 'rl', expires 2030-01-01", _out.ToString());
        Assert.Contains("Read check failed for https://acct.blob.core.windows.net/cont?…: 403", _err.ToString());
        Assert.Equal("sv=2024-11-04&sp=rl&se=2030-01-01&sig=SIGNATURE-VALUE",
            Assert.IsType<StorageCredential.Sas>(_probed.Single().Credential).Query);
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task No_credential_exits_3_with_what_to_set_and_a_bad_mode_is_a_parse_error()
    {
        Assert.Equal(3, await RunAsync(Env(), null, "auth", "status", "https://acct.blob.core.windows.net/cont"));
        Assert.Contains("No credential found", _err.ToString());
        Assert.Contains("AZURE_STORAGE_SAS_TOKEN", _err.ToString());
        var root = new RootCommand("test");
        foreach (var c in AuthCommands.Create((_, _, _, _, _) => Task.FromResult<string?>(null)))
            root.Subcommands.Add(c);
        Assert.Contains("--auth 'bogus' is not a mode",
            Assert.Single(root.Parse(["auth", "status", "--auth", "bogus"]).Errors).Message);
    }

    [Theory]
    [InlineData(null,
        "error: auth status needs an Azure destination URL (e.g. https://ACCOUNT.blob.core.windows.net/CONTAINER); " +
        "without one")]
    [InlineData("./out", "error: './out' is a local folder: no credential is needed.")]
    [InlineData("htps://acct.blob.core.windows.net/c",
        "error: Destination 'htps://acct.blob.core.windows.net/c': 'htps' URLs are not supported")]
    [InlineData("https://acct.blob.core.windows.net",
        "error: Destination 'https://acct.blob.core.windows.net': the URL names no container")]
    [InlineData("https://example.com/c?sig=SIGNATURE-VALUE",
        "error: Cannot tell whether 'https://example.com/c?sig=REDACTED' is Blob or Files")]
    public async Task Auth_status_without_an_azure_destination_is_a_usage_error(string? destination, string message)
    {
        Secrets.Add("SIGNATURE-VALUE");
        var code =
            await RunAsync(Env(), null, destination is null ? ["auth", "status"] : ["auth", "status", destination]);
        Assert.Equal(5, code);
        Assert.StartsWith(message, _err.ToString());
        Assert.Empty(_out.ToString());
        Assert.Empty(_probed);
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Login_commands_without_a_terminal_refuse_and_status_and_logout_report_nothing()
    {
        var env = Env();
        Assert.Equal(3, await RunAsync(env, null, "login", "--allow-unencrypted-cache"));
        Assert.Contains("not interactive", _err.ToString());
        Assert.Equal(0, Server.Count("devicecode"));
        Assert.Equal(3, await RunAsync(env, null, "login", "status"));
        Assert.Contains("Not logged in", _err.ToString());
        Assert.Equal(0, await RunAsync(env, null, "logout"));
        Assert.Contains("nothing to remove", _err.ToString());
    }
}

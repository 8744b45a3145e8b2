using AzSync.Azure.Identity;
using AzSync.Testing.FakeIdentity;

namespace AzSync.Azure.Tests.Identity;

/// <summary>Sources whose Azure.Identity implementation reads the process environment itself (managed identity reads
/// IDENTITY_ENDPOINT; az and pwsh are found through the process PATH), so these tests set it and run alone.</summary>
[Collection("ProcessEnvironment")]
public sealed class ProcessEnvironmentTokenTests : IdentityTestBase, IDisposable
{
    private readonly Dictionary<string, string?> _saved = new();

    private void SetProcessEnv(string name, string? value)
    {
        if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (k, v) in _saved) Environment.SetEnvironmentVariable(k, v);
    }

    [Fact]
    public async Task Managed_identity_app_service_endpoint_user_assigned()
    {
        SetProcessEnv("IDENTITY_ENDPOINT", Server.ManagedIdentityEndpoint.ToString());
        SetProcessEnv("IDENTITY_HEADER", Server.IdentityHeader);
        var env = Env(("IDENTITY_ENDPOINT", Server.ManagedIdentityEndpoint.ToString()),
            ("IDENTITY_HEADER", Server.IdentityHeader),
            ("AZCOPY_MSI_CLIENT_ID", "mi-client-0001"));
        var choice = Choose(env);
        Assert.Equal("msi", choice.Source);
        var token = await TokenAsync(choice);
        Assert.Equal(1, Server.Count("msi"));
        Assert.Equal("mi-client-0001", FakeJwt.Claims(token.Token)["appid"]!.ToString());
        Assert.Contains(Server.Requests,
            r => r.StartsWith("GET http /msi/token?", StringComparison.Ordinal) && r.Contains("resource=https"));
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Managed_identity_with_a_wrong_header_fails_cleanly()
    {
        SetProcessEnv("IDENTITY_ENDPOINT", Server.ManagedIdentityEndpoint.ToString());
        SetProcessEnv("IDENTITY_HEADER", "wrong-identity-header");
        Secrets.Add("wrong-identity-header");
        var e = await FailsAsync(Choose(Env(("IDENTITY_ENDPOINT", Server.ManagedIdentityEndpoint.ToString()),
            ("IDENTITY_HEADER", "wrong-identity-header"))));
        Assert.IsAssignableFrom<global::Azure.Identity.AuthenticationFailedException>(e);
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Azure_cli_and_powershell_tokens_come_from_the_tools_on_path()
    {
        using var tools = new FakeTools();
        var cliToken = Server.IssueAccessToken(Tenant, "cli-app");
        var psToken = Server.IssueAccessToken(Tenant, "ps-app");
        Secrets.AddRange([cliToken, psToken]);
        var expires = DateTimeOffset.UtcNow.AddMinutes(50);
        tools.WriteAz(cliToken, expires);
        tools.WritePwsh(psToken, expires);
        SetProcessEnv("PATH", tools.BinDirectory + ":/usr/bin:/bin");
        var env = Env(("PATH", tools.BinDirectory), ("AZURE_TENANT_ID", Tenant));

        var cli = Choose(env);
        Assert.Equal("azcli", cli.Source);
        var t = await TokenAsync(cli);
        Assert.Equal(cliToken, t.Token);
        Assert.Equal(expires.ToUnixTimeSeconds(), t.ExpiresOn.ToUnixTimeSeconds());
        Assert.Contains($"--resource https://storage.azure.com --tenant {Tenant}",
            await File.ReadAllTextAsync(tools.AzLog));

        var ps = Choose(env, AuthMode.Pwsh);
        var p = await TokenAsync(ps);
        Assert.Equal(psToken, p.Token);
        Assert.Contains("-NonInteractive", await File.ReadAllTextAsync(tools.PwshLog));

        tools.WriteAzNotLoggedIn();
        var e = await FailsAsync(Choose(env, AuthMode.AzCli));
        Assert.Contains("az login", e.Message);
        AssertNoSecretsSeen();
    }
}

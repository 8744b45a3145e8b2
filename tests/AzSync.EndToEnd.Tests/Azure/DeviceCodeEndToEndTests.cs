using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>
/// Device code sign-in with the built tool on a pseudo-terminal: the test plays the person at the browser, approving
/// the code the tool printed at the fake Entra ID. `azsync login` keeps the sign-in under HOME; later runs use it
/// silently. In CI the tool refuses at once instead of waiting for a person who is not there.
/// </summary>
[Trait("Needs", "azurite")]
public sealed class DeviceCodeEndToEndTests : TokenTestBase
{
    private const string User = "dev@contoso.test";

    private string Home => Path.Combine(Dir.Root, "home");

    /// <summary>Only HOME says where the sign-in goes, so the default ~/.azsync is what is exercised.</summary>
    private Dictionary<string, string?> HomeEnv(params (string Name, string? Value)[] extra)
    {
        Directory.CreateDirectory(Home);
        var env = Env(extra);
        env["HOME"] = Home;
        foreach (var name in new[] { "AZSYNC_CONFIG_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME" }) env[name] = null;
        return env;
    }

    private async Task<AzSyncResult> ApprovedOnATerminal(string[] args, Dictionary<string, string?> env)
    {
        using var run = AzSyncProcess.Default.StartInTerminal(args, env);
        var finished = run.WaitAsync(RunTimeout);
        if (await Task.WhenAny(Identity.FirstUserCode, finished) == finished)
            Assert.Fail("The tool ended without asking for a device code:\n" + await finished);
        var code = await Identity.FirstUserCode;
        Identity.ApproveDeviceCode(code, User);
        var result = await finished;
        Assert.Contains($"enter the code {code}", result.StdOut);
        return result;
    }

    [Fact]
    public async Task Login_with_a_device_code_then_sync_silently_status_and_logout()
    {
        var env = HomeEnv();
        var login = await ApprovedOnATerminal(["login", "--use-device-code", "--allow-unencrypted-cache"], env);
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains($"Logged in as {User} (tenant {OAuthWorld.Tenant})", login.StdOut);
        AssertNoToken(login);
        var cache = Path.Combine(Home, ".azsync", "token-cache.bin");
        Assert.True(File.Exists(Path.Combine(Home, ".azsync", "login-record.json")), login.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cache));

        var status = await AzSyncProcess.Default.RunAsync(["login", "status"], environment: env);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"Logged in as {User} (tenant {OAuthWorld.Tenant}); token valid until", status.StdOut);
        AssertNoToken(status);

        var sync = await AzSyncProcess.Default.RunAsync(
            [.. SyncArgs("login"), "--auth", "login"], environment: env, timeout: RunTimeout);
        AssertUploaded(sync, "login");
        Assert.Equal(1, Identity.Count("devicecode"));

        var logout = await AzSyncProcess.Default.RunAsync(["logout"], environment: env);
        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Contains(cache, logout.StdErr);
        Assert.False(File.Exists(cache));
        var after = await AzSyncProcess.Default.RunAsync(["login", "status"], environment: env);
        Assert.True(after.ExitCode == 3, after.ToString());
        Assert.Contains("Not logged in", after.StdErr);
        var refused = await AzSyncProcess.Default.RunAsync([.. SyncArgs("login"), "--auth", "login"], environment: env);
        Assert.True(refused.ExitCode == 3, refused.ToString());
    }

    [Fact]
    public async Task Azcopys_DEVICE_login_type_signs_in_on_a_terminal_outside_ci()
    {
        var result = await ApprovedOnATerminal(SyncArgs("device"), HomeEnv(("AZCOPY_AUTO_LOGIN_TYPE", "DEVICE")));
        AssertUploaded(result, "device");
        Assert.Contains("AZCOPY_AUTO_LOGIN_TYPE=DEVICE", result.StdOut);
    }

    [Theory]
    [InlineData("login")]
    [InlineData("sync")]
    public async Task Device_code_is_refused_at_once_in_ci_even_on_a_terminal(string command)
    {
        string[] args = command == "login" ? ["login", "--use-device-code", "--allow-unencrypted-cache"]
            : SyncArgs("in-ci");
        var run = AzSyncProcess.Default.StartInTerminal(
            args, HomeEnv(("CI", "true"), ("AZCOPY_AUTO_LOGIN_TYPE", "DEVICE")));
        var result = await run.WaitAndDisposeAsync(TimeSpan.FromSeconds(20));
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("refused in CI", result.StdOut);
        Assert.Equal(0, Identity.Count("devicecode"));
        Assert.False(File.Exists(Path.Combine(Home, ".azsync", "login-record.json")));
    }
}

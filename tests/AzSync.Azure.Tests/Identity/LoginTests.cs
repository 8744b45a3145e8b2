using AzSync.Azure.Identity;
using Xunit.Abstractions;

namespace AzSync.Azure.Tests.Identity;

public sealed class LoginTests(ITestOutputHelper output) : IdentityTestBase
{
    private async Task<T> ApproveWhilePending<T>(Task<T> pending, StringWriter prompt)
    {
        var userCode = await Server.FirstUserCode.WaitAsync(TimeSpan.FromSeconds(30));
        Server.ApproveDeviceCode(userCode, "dev@example.com");
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(userCode, prompt.ToString());
        Seen.Add(prompt.ToString());
        return result;
    }

    [Fact]
    public async Task Login_with_unencrypted_cache_persists_owner_only_files_and_later_runs_sign_in_silently()
    {
        // Short-lived access tokens: the later silent sign-in must use the persisted refresh token.
        Server.AccessTokenLifetime = TimeSpan.FromSeconds(90);
        var env = Env();
        var prompt = new StringWriter();
        var login = new LoginService(env, Transport, prompt);
        var record = await ApproveWhilePending(
            login.LoginAsync(new LoginRequest(Tenant, null, AllowUnencryptedCache: true, Interactive: true),
                CancellationToken.None), prompt);
        Assert.Equal("dev@example.com", record.Username);
        Assert.Equal(Tenant, record.TenantId);

        var store = new LoginStore(env);
        Assert.Equal(Path.Combine(TempDir, "config"), store.Directory);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.RecordPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(store.UnencryptedCachePath));
        }

        var choice = Choose(env);
        Assert.Equal("login", choice.Source);
        var refreshesBefore = Server.Count("grant:refresh_token");
        var token = await TokenAsync(choice);
        Assert.True(Server.Count("grant:refresh_token") > refreshesBefore,
            "the silent sign-in should have redeemed the cached refresh token");
        Assert.Equal("dev@example.com", TokenClaims.TryDecode(token.Token)!.User);

        var status = await new LoginService(env, Transport).StatusAsync(CancellationToken.None);
        Seen.Add(status.Message);
        Assert.True(status.LoggedIn, status.Message);
        Assert.Contains("dev@example.com", status.Message);
        Assert.Contains(Tenant, status.Message);
        Assert.NotNull(status.ExpiresOn);

        var removed = login.Logout();
        Assert.Equal(2, removed.Count);
        Assert.False(File.Exists(store.RecordPath) || File.Exists(store.UnencryptedCachePath));
        var after = await new LoginService(env, Transport).StatusAsync(CancellationToken.None);
        Assert.False(after.LoggedIn);
        Assert.Contains("azsync login", after.Message);
        foreach (var f in Directory.GetFiles(store.Directory)) Seen.Add(await File.ReadAllTextAsync(f));
        AssertNoSecretsSeen();
    }

    [Fact]
    public async Task Login_without_a_secret_store_names_the_fix()
    {
        var env = Env();
        var prompt = new StringWriter();
        var login = new LoginService(env, Transport, prompt);
        var attempt = login.LoginAsync(new LoginRequest(Tenant, null, AllowUnencryptedCache: false, Interactive: true),
            CancellationToken.None);
        // On this headless machine there is no unlocked keyring; if one exists the login simply succeeds.
        var done = await Task.WhenAny(attempt, Server.FirstUserCode);
        if (done == Server.FirstUserCode && !attempt.IsCompleted)
        {
            Server.ApproveDeviceCode(await Server.FirstUserCode, "dev@example.com");
        }
        try
        {
            var record = await attempt.WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"secret store available: logged in as {record.Username}");
            Assert.False(Headless, "a headless machine (no D-Bus session, no DISPLAY) should have no secret store");
            new LoginService(env).Logout();
        }
        catch (CredentialConfigurationException e)
        {
            output.WriteLine(e.Message);
            output.WriteLine($"device code requests before failure: {Server.Count("devicecode")}");
            Seen.Add(e.Message);
            Assert.Contains("--allow-unencrypted-cache", e.Message);
            Assert.Contains("secret store", e.Message);
            Assert.False(File.Exists(new LoginStore(env).RecordPath));
            // The keyring is probed before the device code is requested: nobody types a code that is then thrown away.
            Assert.Equal(0, Server.Count("devicecode"));
        }
        AssertNoSecretsSeen();
    }

    [Fact]
    public void Logout_also_removes_the_secret_store_cache_files_but_not_other_apps()
    {
        var data = Path.Combine(TempDir, "data");
        var env = Env(("XDG_DATA_HOME", data), ("HOME", Path.Combine(TempDir, "home")));
        var store = new LoginStore(env);
        Assert.Equal(Path.Combine(TempDir, "config"), store.Directory);
        var ids = Directory.CreateDirectory(Path.Combine(data, ".IdentityService")).FullName;
        foreach (var n in new[] { "azsync.nocae", "azsync.cae", "msal.cache.nocae", "azsyncx" })
            File.WriteAllText(Path.Combine(ids, n), "x");
        store.CreateDirectory();
        File.WriteAllText(store.RecordPath, "{}");
        var removed = new LoginService(env).Logout();
        Assert.Equal(3, removed.Count);
        Assert.Equal(["azsyncx", "msal.cache.nocae"], Directory.GetFiles(ids).Select(Path.GetFileName).Order());
        if (OperatingSystem.IsLinux())
        {
            var plain = Env(("HOME", Path.Combine(TempDir, "home")), ("XDG_CONFIG_HOME", Path.Combine(TempDir, "xdg")));
            plain.Remove("AZSYNC_CONFIG_DIR");
            var xdgLess = new LoginStore(plain);
            Assert.Equal(Path.Combine(TempDir, "home", ".local", "share", ".IdentityService"),
                xdgLess.SecretStoreCacheDirectory);
            Assert.Equal(Path.Combine(TempDir, "xdg", "azsync"), xdgLess.Directory);
        }
    }

    private static bool Headless =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS")) &&
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"));

    [Theory]
    [InlineData("GITHUB_ACTIONS", true)]
    [InlineData(null, false)]
    public async Task Login_is_refused_at_once_in_ci_or_without_a_terminal(string? ciVariable, bool interactive)
    {
        var env = ciVariable is null ? Env() : Env((ciVariable, "true"));
        var e = await Assert.ThrowsAsync<CredentialConfigurationException>(() =>
            new LoginService(env, Transport)
                .LoginAsync(new LoginRequest(Tenant, null, true, interactive), CancellationToken.None));
        Assert.Contains(ciVariable is null ? "not interactive" : "refused in CI", e.Message);
        Assert.Equal(0, Server.Count("devicecode"));
    }
}

using System.Text.Json.Nodes;
using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;
using AzSync.Testing.FakeIdentity;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>An `azsync login` record that is not one login wrote (cut short, emptied) says how to start over, stops
/// only what asked for it (`login status`, `--auth login`), and is passed over by `auto` with that reason.</summary>
public sealed class LoginRecordEndToEndTests : OneFileSourceTest
{
    private (Dictionary<string, string?> Env, string Expected) Broken(string content, params (string, string?)[] extra)
    {
        var env = CredentialEnv.Only(Dir, extra);
        var record = Path.Combine(env["AZSYNC_CONFIG_DIR"]!, "login-record.json");
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        File.WriteAllText(record, content);
        return (env, $"the azsync login record {record} cannot be read; run 'azsync logout' then 'azsync login'");
    }

    private Task<AzSyncResult> RunAsync(Dictionary<string, string?> env, params string[] args) =>
        AzSyncProcess.Default.RunAsync(args, Dir.Root, env);

    [Theory]
    [InlineData("{\"garbage")]
    [InlineData("{}")]
    public async Task Login_status_and_auth_login_say_how_to_start_over(string content)
    {
        var (env, expected) = Broken(content);
        var destination = $"https://127.0.0.1:{Loopback.FreePort()}/devstoreaccount1/cont1";

        var status = (await RunAsync(env, "login", "status")).ShouldExit(3);
        Assert.Equal(expected, status.StdErr.Trim());

        var login = (await RunAsync(
            env, "plan", Dir.Source, destination, "--destination-type", "blob", "--auth", "login")).ShouldExit(3);
        Assert.Equal($"error: Authentication mode 'login' (--auth) cannot be used: {expected}", login.StdErr.Trim());

        var auto = (await RunAsync(env, "plan", Dir.Source, destination, "--destination-type", "blob", "-v"))
            .ShouldExit(3);
        Assert.Contains($"  login: {expected}", auto.StdErr);
        Assert.DoesNotContain("unexpected", auto.StdErr);
    }

    [Fact]
    public async Task Auto_passes_over_a_broken_record_to_the_next_source()
    {
        using var tools = new FakeTools();
        var token = FakeJwt.Create(new JsonObject
        {
            ["aud"] = "https://storage.azure.com",
            ["appid"] = "az-app",
            ["exp"] = FakeJwt.Now + 3000,
        });
        tools.WriteAz(token, DateTimeOffset.UtcNow.AddMinutes(50));
        var (env, expected) = Broken("{\"garbage", ("PATH", tools.BinDirectory + Path.PathSeparator + "/usr/bin:/bin"));

        var status = (await RunAsync(env, "auth", "status")).ShouldExit(0);
        Assert.Contains("Credential: azcli", status.StdOut);
        Assert.Contains($"  skipped login: {expected}", status.StdOut);
        Assert.DoesNotContain(token, status.StdOut + status.StdErr);
    }
}

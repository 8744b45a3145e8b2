using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;
using AzSync.Testing.FakeIdentity;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>A fresh OAuthWorld and a two-file source per test, and the checks every token run shares: the upload
/// happened, `-v` named the source, and nothing secret reached the output.</summary>
public abstract class TokenTestBase : IAsyncLifetime, IDisposable
{
    protected E2eTempDir Dir { get; } = new();
    protected OAuthWorld World { get; private set; } = null!;
    protected Azurite Azurite => World.Azurite;
    protected FakeIdentityServer Identity => World.Identity;
    protected static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public async Task InitializeAsync()
    {
        World = await OAuthWorld.StartAsync();
        Dir.WriteSource("a.txt", "via a token");
        Dir.WriteSource("b/c.txt", "also");
    }

    public async Task DisposeAsync() => await World.DisposeAsync();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The world's environment without the host's credential variables, and with the `azsync login` store in
    /// this test's folder, so nothing on the machine running the tests can be what `auto` finds.</summary>
    protected Dictionary<string, string?> Env(params (string Name, string? Value)[] extra)
    {
        var env = World.Environment(extra);
        env.TryAdd("AZSYNC_CONFIG_DIR", Path.Combine(Dir.Root, "config"));
        foreach (var name in CredentialEnv.HostVariables) env.TryAdd(name, null);
        return env;
    }

    protected string[] SyncArgs(string container) =>
        ["sync", "--destination-type", "blob", Dir.Source, Azurite.ContainerUrl(container), "--create-container", "-v"];

    protected async Task<AzSyncResult> SyncsWith(
        string expectedSource, string container, Dictionary<string, string?> env, params string[] secrets)
    {
        var result = await AzSyncProcess.Default.RunAsync(SyncArgs(container), environment: env, timeout: RunTimeout);
        AssertUploaded(result, expectedSource, secrets);
        return result;
    }

    protected static void AssertUploaded(AzSyncResult result, string expectedSource, params string[] secrets)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"credential: {expectedSource} (", result.StdErr + result.StdOut);
        Assert.Contains("2 uploaded", result.StdOut);
        AssertNoToken(result, secrets);
    }

    /// <summary>Every access token and federated assertion here is a JWT, and a JWT always starts with "eyJ" (a
    /// base64 '{"'); none may be printed, nor any of the given secrets.</summary>
    protected static void AssertNoToken(AzSyncResult result, params string[] secrets)
    {
        var all = result.StdOut + result.StdErr;
        Assert.False(all.Contains("eyJ", StringComparison.Ordinal), "a JWT was printed:\n" + result);
        foreach (var secret in secrets) Assert.DoesNotContain(secret, all);
    }
}

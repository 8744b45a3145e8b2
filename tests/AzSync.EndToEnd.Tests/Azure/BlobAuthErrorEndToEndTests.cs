using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>A refused credential gets advice that can fix it: the key for a key, the permission or expiry for a SAS,
/// never a role for either; exit 3, and never the secret.</summary>
[Trait("Needs", "azurite")]
[Trait("Needs", "node")]
public sealed class BlobAuthErrorEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly E2eTempDir _dir = new();
    private Azurite _azurite = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        await _azurite.CreateContainerAsync("auth");
        _dir.WriteSource("index.html", "<h1>hi</h1>");
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private static string Sig(string sas) =>
        Uri.UnescapeDataString(sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..]);

    [Fact]
    public async Task A_wrong_account_key_says_check_the_key_and_account_not_grant_a_role()
    {
        var wrongKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var result = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("auth")],
            environment: CredentialEnv.Only(_dir, ("AZURE_STORAGE_KEY", wrongKey)));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("The account key was refused", result.StdErr);
        Assert.Contains("key1 or key2 of account 'devstoreaccount1'", result.StdErr);
        Assert.DoesNotContain("role", result.StdErr);
        Assert.DoesNotContain(wrongKey, result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task A_sas_without_write_names_the_missing_permissions()
    {
        var sas = await _azurite.ContainerSasAsync("auth", "rl");
        var result = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("auth") + "?" + sas, "-v"],
            environment: CredentialEnv.Only(_dir));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("The SAS was refused", result.StdErr);
        Assert.Contains("missing 'acwd' (add, create, write, delete)", result.StdErr);
        Assert.DoesNotContain("role", result.StdErr);
        Assert.DoesNotContain(Sig(sas), result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task An_expired_sas_says_when_it_expired()
    {
        var sas = await _azurite.ExpiredContainerSasAsync("auth");
        var result = await AzSyncProcess.Default.RunAsync(
            ["sync", "--destination-type", "blob", _dir.Source, _azurite.ContainerUrl("auth") + "?" + sas, "-v"],
            environment: CredentialEnv.Only(_dir));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("The SAS was refused", result.StdErr);
        Assert.Contains("It expired at", result.StdErr);
        Assert.DoesNotContain(Sig(sas), result.StdOut + result.StdErr);
    }
}

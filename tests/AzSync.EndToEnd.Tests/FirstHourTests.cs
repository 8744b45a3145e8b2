using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests;

/// <summary>A new user's slips: a lone URL beside azsync.yaml, a misspelt account beside a connection string.</summary>
[Trait("Needs", "azurite")]
public sealed class FirstHourTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly E2eTempDir _dir = new();
    private readonly Azurite _azurite;

    public FirstHourTests(AzuriteFixture azurite) => _azurite = azurite.Server;

    public void Dispose() => _dir.Dispose();

    private Task<AzSyncResult> InRoot(params string[] args) => AzSyncProcess.Default.RunAsync(args, _dir.Root,
        CredentialEnv.Only(_dir, ("AZURE_STORAGE_CONNECTION_STRING", _azurite.ConnectionString)));

    [Fact]
    public async Task A_lone_url_beside_azsync_yaml_is_the_manifests_destination()
    {
        _dir.WriteSource("index.html", "<h1>hi</h1>");
        File.WriteAllText(Path.Combine(_dir.Root, "azsync.yaml"),
            "version: 1\ndestination: out\nmappings:\n  - source: src\n");
        var url = _azurite.ContainerUrl("lone-url");

        var synced = (await InRoot("sync", url, "--create-container", "--destination-type", "blob")).ShouldExit(0);
        var plan = (await InRoot("plan", url, "--detailed-exitcode", "--destination-type", "blob")).ShouldExit(0);

        Assert.Contains("1 uploaded", synced.StdOut);
        Assert.Matches(@"= unchanged +index\.html", plan.StdOut);
        Assert.False(Directory.Exists(Path.Combine(_dir.Root, "out")), "the manifest's own destination was written");
    }

    [Fact]
    public async Task A_lone_url_without_a_manifest_is_named_as_a_destination()
    {
        var result = (await InRoot("plan", _azurite.ContainerUrl("site"))).ShouldExit(5);

        Assert.StartsWith("error: The only argument is a URL, which looks like a DESTINATION, not a SOURCE folder",
            result.StdErr);
        Assert.Contains("--manifest", result.StdErr);
    }

    [Fact]
    public async Task A_misspelt_account_beside_a_connection_string_leads_with_the_account_mismatch()
    {
        _dir.WriteSource("a.txt", "a");
        var env = CredentialEnv.Only(_dir, ("AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true"));

        var result = (await AzSyncProcess.Default.RunAsync(
            ["sync", _dir.Source, "http://127.0.0.1:10000/devstoreacount1/site"], environment: env)).ShouldExit(3);

        var first = result.StdErr.Split('\n')[0];
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING is for account devstoreaccount1, " +
                        "the destination is devstoreacount1", first);
        Assert.Contains("check the account name in the destination URL", first);
    }
}

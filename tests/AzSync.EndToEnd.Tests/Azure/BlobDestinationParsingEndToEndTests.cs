using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests.Azure;

/// <summary>sync, plan and auth status read a destination URL with one parser, so they agree on its account.</summary>
public sealed class BlobDestinationParsingEndToEndTests : OneFileSourceTest
{
    private Dictionary<string, string?> KeyEnv() => CredentialEnv.Only(Dir, ("AZURE_STORAGE_KEY", Azurite.Key));

    [Fact]
    public async Task A_custom_domain_names_no_account_in_sync_plan_and_auth_status_alike()
    {
        const string url = "https://static.example.com/container";
        string[][] commands =
        [
            ["sync", Dir.Source, url, "--destination-type", "blob", "-v"],
            ["plan", Dir.Source, url, "--destination-type", "blob", "-v"],
            ["auth", "status", url, "--destination-type", "blob"],
        ];
        var results = await Task.WhenAll(commands.Select(c => AzSyncProcess.Default.RunAsync(c, Dir.Root, KeyEnv())));

        foreach (var result in results)
        {
            result.ShouldExit(3);
            // The host does not say the account: the key alone cannot be used, whichever command asks.
            Assert.Contains(
                "AZURE_STORAGE_KEY is set but the destination names no storage account", result.StdOut + result.StdErr);
            Assert.DoesNotContain("account static", result.StdOut + result.StdErr);
            Assert.DoesNotContain("account container", result.StdOut + result.StdErr);
            Assert.DoesNotContain(Azurite.Key, result.StdOut + result.StdErr);
        }
    }

    [Fact]
    public async Task A_path_style_emulator_url_on_another_host_names_its_account_in_every_command()
    {
        // A host name (not an IP) on Azurite's well-known port, as in a compose network: path-style all the same.
        const string url = "http://azurite.invalid:10000/devstoreaccount1/site";
        string[][] commands =
        [
            ["sync", Dir.Source, url, "--allow-http", "-v"],
            ["plan", Dir.Source, url, "--allow-http", "-v"],
            ["auth", "status", url, "--allow-http"],
        ];
        var results = await Task.WhenAll(commands.Select(c => AzSyncProcess.Default.RunAsync(c, Dir.Root, KeyEnv())));

        foreach (var result in results)
        {
            // Each gets as far as the network, which has no such host: the account was read right.
            result.ShouldExit(1);
            Assert.Contains("AZURE_STORAGE_KEY is set (account devstoreaccount1 from the destination URL)",
                result.StdOut + result.StdErr);
            Assert.Contains("cannot reach azurite.invalid:10000 (unknown host)", result.StdErr);
            Assert.DoesNotContain(Azurite.Key, result.StdOut + result.StdErr);
        }
    }
}

/// <summary>A Blob destination that is really an Azure Files endpoint says so, as a usage error.</summary>
public sealed class BlobAtFilesEndpointEndToEndTests(FilesEmulatorFixture files) : OneFileSourceTest,
    IClassFixture<FilesEmulatorFixture>
{
    [Fact]
    public async Task A_blob_url_at_a_files_endpoint_says_it_does_not_speak_blob()
    {
        var url = $"{files.BaseUri.AbsoluteUri.TrimEnd('/')}/{files.AccountName}/site";
        var result = await AzSyncProcess.Default.RunAsync(
            ["sync", Dir.Source, url, "--destination-type", "blob"], Dir.Root,
            CredentialEnv.Only(Dir, ("AZURE_STORAGE_KEY", files.AccountKey)));

        result.ShouldExit(5);
        Assert.Contains($"{files.BaseUri.Authority} does not speak Azure Blob Storage", result.StdErr);
        Assert.Contains("Is it an Azure Files endpoint?", result.StdErr);
        Assert.DoesNotContain(files.AccountKey, result.StdOut + result.StdErr);
    }
}

/// <summary>The reverse: a Files destination that is really a Blob endpoint (Azurite) says so, as a usage
/// error.</summary>
[Trait("Needs", "azurite")]
public sealed class FilesAtBlobEndpointEndToEndTests(AzuriteFixture azurite) : OneFileSourceTest,
    IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_files_url_at_a_blob_endpoint_says_it_does_not_speak_files()
    {
        var url = azurite.Server.ContainerUrl("share");
        var result = await AzSyncProcess.Default.RunAsync(
            ["sync", Dir.Source, url, "--destination-type", "file"], Dir.Root,
            CredentialEnv.Only(Dir, ("AZURE_STORAGE_KEY", Azurite.Key)));

        result.ShouldExit(5);
        Assert.Contains($"{azurite.Server.BlobEndpoint.Authority} does not speak Azure Files", result.StdErr);
        Assert.Contains("Is it a Blob endpoint?", result.StdErr);
        Assert.DoesNotContain(Azurite.Key, result.StdOut + result.StdErr);
    }
}

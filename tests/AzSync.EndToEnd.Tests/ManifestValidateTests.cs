using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>`manifest validate` refuses what `sync` would refuse before any request, and passes what sync
/// accepts.</summary>
public sealed class ManifestValidateTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private void Manifest(string destination) =>
        File.WriteAllText(Path.Combine(_dir.Root, "azsync.yaml"),
            $"version: 1\ndestination: {destination}\nmappings:\n  - source: src\n");

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/My_Box", "azsync.yaml:2:14: error: ", "not a valid container name")]
    [InlineData("https://acct.file.core.windows.net/sh", "azsync.yaml:2:14: error: ", "not a valid share name")]
    [InlineData("https://acct.blob.core.windows.net/", "azsync.yaml:2:14: error: ", "names no container")]
    [InlineData("http://127.0.0.1:9999/devstoreaccount1/c", "azsync.yaml:2:14: error: ", "--destination-type")]
    [InlineData("src/out", "error: ", "inside it")]
    public async Task What_sync_refuses_without_a_request_validate_refuses_too(
        string destination, string prefix, string reason)
    {
        _dir.WriteSource("a.txt", "a");
        Manifest(destination);

        var validate = (await Run.AzSyncIn(_dir.Root, "manifest", "validate")).ShouldExit(5);
        var sync = (await Run.AzSyncIn(_dir.Root, "sync", "--dry-run")).ShouldExit(5);

        Assert.StartsWith(prefix, validate.StdErr);
        Assert.Contains(reason, validate.StdErr);
        Assert.Contains(reason, sync.StdErr);
    }

    [Fact]
    public async Task An_emulator_on_a_custom_port_validates_with_its_destination_type()
    {
        Manifest("http://127.0.0.1:9999/devstoreaccount1/site");

        var result = (await Run.AzSyncIn(_dir.Root, "manifest", "validate", "--destination-type", "blob"))
            .ShouldExit(0);

        Assert.Contains("valid", result.StdOut);
    }

    [Fact]
    public async Task Plain_http_to_another_machine_validates_with_a_warning_as_documented()
    {
        Manifest("http://azurite:10000/devstoreaccount1/site");

        var result = (await Run.AzSyncIn(_dir.Root, "manifest", "validate")).ShouldExit(0);

        Assert.Contains("warning: 'destination' uses plain http to 'azurite'", result.StdErr);
    }
}

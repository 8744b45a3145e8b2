using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests;

/// <summary>A manifest that cannot be used is named with what is wrong with it, once, and nothing is synced.</summary>
public sealed class ManifestFileErrorTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public ManifestFileErrorTests() => _dir.WriteSource("a.txt", "a");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_empty_manifest_name_is_a_usage_error_naming_the_option()
    {
        var sync = (await Run.AzSyncIn(_dir.Root, "sync", "--manifest", "", _dir.Destination)).ShouldExit(5);
        var validate = (await Run.AzSyncIn(_dir.Root, "manifest", "validate", "")).ShouldExit(5);

        Assert.Equal("error: --manifest needs a file name.\n", sync.StdErr);
        Assert.Equal("error: FILE needs a file name (or leave it out to check azsync.yaml).\n", validate.StdErr);
    }

    [Fact]
    public async Task A_missing_manifest_is_named_as_asked_for()
    {
        var result = (await Run.AzSyncIn(_dir.Root, "manifest", "validate", "nothere.yaml")).ShouldExit(5);

        var looked = Path.Combine(_dir.Root, "nothere.yaml");
        Assert.Equal($"error: nothere.yaml: not found (looked for '{looked}'); check the path\n", result.StdErr);
    }

    [Fact]
    public async Task A_folder_given_as_the_manifest_says_so()
    {
        var result = (await Run.AzSyncIn(_dir.Root, "plan", "--manifest", _dir.Source, _dir.Destination)).ShouldExit(5);

        Assert.Equal($"error: {_dir.Source}: is a directory, not a manifest file\n", result.StdErr);
    }

    [Fact]
    public async Task An_unreadable_manifest_says_permission_denied_once_without_a_position()
    {
        var manifest = Path.Combine(_dir.Root, "m.yaml");
        File.WriteAllText(manifest, "version: 1\nmappings:\n  - source: src\n");
        File.SetUnixFileMode(manifest, UnixFileMode.None);
        _dir.OpenToOtherUsers();

        var result = (await AzSyncProcess.Unprivileged.RunAsync(["sync", "--manifest", "m.yaml", "dst"], _dir.Root,
            new Dictionary<string, string?> { ["HOME"] = _dir.Root })).ShouldExit(5);

        Assert.Equal("error: m.yaml: cannot be read: permission denied\n", result.StdErr);
    }
}

using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing;

namespace AzSync.EndToEnd.Tests;

/// <summary>A source folder that cannot be listed is the reported cause, not an empty selection.</summary>
public sealed class UnlistableSourceTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public UnlistableSourceTests() => _dir.WriteSource("a.txt", "a");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unlistable_source_folder_is_reported_first_and_not_as_an_empty_selection()
    {
        _dir.OpenToOtherUsers();
        File.SetUnixFileMode(_dir.Source, UnixFileMode.None);
        var env = new Dictionary<string, string?> { ["HOME"] = _dir.Root };

        var sync = (await AzSyncProcess.Unprivileged.RunAsync(["sync", "src", "dst"], _dir.Root, env)).ShouldExit(1);
        var plan = (await AzSyncProcess.Unprivileged.RunAsync(["plan", "src", "dst"], _dir.Root, env)).ShouldExit(1);

        File.SetUnixFileMode(_dir.Source, (UnixFileMode)Convert.ToInt32("755", 8));
        Assert.StartsWith($"failed: {_dir.Source}: cannot list this folder", sync.StdErr);
        Assert.Contains($"error           {_dir.Source}  cannot list this folder", plan.StdOut);
        foreach (var result in new[] { sync, plan })
        {
            Assert.DoesNotContain("selection is empty", result.StdErr);
            Assert.EndsWith("warning: nothing could be selected: 1 folder could not be listed.\n", result.StdErr);
        }
    }
}

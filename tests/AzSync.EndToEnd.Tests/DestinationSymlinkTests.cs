using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>A symbolic link inside a local destination points somewhere the sync was never given: it is left
/// alone.</summary>
public sealed class DestinationSymlinkTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Precious(string relative = "") => Path.Combine(_dir.Root, "precious", relative);

    private async Task SyncedWithALinkToPrecious()
    {
        for (var i = 1; i <= 10; i++) _dir.WriteSource($"f{i}.txt", $"{i}");
        Directory.CreateDirectory(Precious());
        File.WriteAllText(Precious("important.doc"), "keep");
        Directory.CreateDirectory(_dir.Destination);
        Directory.CreateSymbolicLink(_dir.Dst("linked"), "../precious");
        (await Run.AzSync("sync", _dir.Source, _dir.Destination, "-q")).ShouldExit(0);
    }

    [Fact]
    public async Task Delete_leaves_a_linked_folder_and_what_it_points_to_alone()
    {
        await SyncedWithALinkToPrecious();

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete")).ShouldExit(0);

        Assert.Contains("0 deleted", result.StdOut);
        Assert.Equal("keep", File.ReadAllText(Precious("important.doc")));
        Assert.NotNull(new DirectoryInfo(_dir.Dst("linked")).LinkTarget);
    }

    [Fact]
    public async Task A_write_through_a_linked_folder_fails_alone_naming_the_link()
    {
        await SyncedWithALinkToPrecious();
        _dir.WriteSource("linked/new.txt", "new");
        _dir.WriteSource("f1.txt", "changed");

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete")).ShouldExit(1);

        Assert.Contains(
            "'linked' in the destination is a symbolic link; azsync does not write through links", result.StdErr);
        Assert.Contains("linked/new.txt", result.StdErr);
        Assert.Equal(["important.doc"], Directory.GetFileSystemEntries(Precious()).Select(Path.GetFileName));
        Assert.Equal("changed", _dir.ReadDestination("f1.txt"));
        Assert.NotNull(new DirectoryInfo(_dir.Dst("linked")).LinkTarget);
    }
}

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>The "destination inside source" guard sees through symbolic links on both sides.</summary>
public sealed class SymlinkOverlapTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string At(string relative) => Path.Combine(_dir.Root, relative);

    [Fact]
    public async Task A_source_that_is_a_link_into_the_destination_is_refused_and_delete_leaves_it_alone()
    {
        Directory.CreateDirectory(At("d/sub"));
        File.WriteAllText(At("d/sub/b.txt"), "b");
        File.WriteAllText(At("d/keep.txt"), "k");
        Directory.CreateSymbolicLink(At("linksrc"), "d/sub");

        var result = (await Run.AzSyncIn(_dir.Root, "sync", "linksrc", "d", "--delete", "--max-delete", "100%"))
            .ShouldExit(5);

        Assert.Contains("is inside the destination", result.StdErr);
        Assert.Equal("b", File.ReadAllText(At("d/sub/b.txt")));
        Assert.Equal("k", File.ReadAllText(At("d/keep.txt")));
    }

    [Fact]
    public async Task A_destination_that_is_a_link_into_the_source_is_refused_and_nothing_nests()
    {
        Directory.CreateDirectory(At("s/inner"));
        File.WriteAllText(At("s/a.txt"), "a");
        Directory.CreateSymbolicLink(At("linkdst"), "s/inner");

        var result = (await Run.AzSyncIn(_dir.Root, "sync", "s", "linkdst")).ShouldExit(5);

        Assert.Contains("inside it", result.StdErr);
        Assert.Empty(Directory.GetFileSystemEntries(At("s/inner")));
    }

    [Fact]
    public async Task A_destination_reached_through_a_link_elsewhere_still_syncs()
    {
        Directory.CreateDirectory(At("s"));
        File.WriteAllText(At("s/a.txt"), "a");
        Directory.CreateDirectory(At("out"));
        Directory.CreateSymbolicLink(At("linkout"), "out");

        (await Run.AzSyncIn(_dir.Root, "sync", "s", "linkout")).ShouldExit(0);

        Assert.Equal("a", File.ReadAllText(At("out/a.txt")));
    }
}

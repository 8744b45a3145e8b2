using System.Security.Cryptography;
using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing.CaseFolding;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// A source file that changes between hashing and copying, made deterministic by the FUSE passthrough: the file grows
/// by a line when it is opened the second time, after the hashing and before the copy reads it. The local destination
/// must never record an MD5 that differs from the bytes it holds (Linux only: the source is a FUSE mount).
/// </summary>
[Trait("Needs", "fuse")]
public sealed class CaseInsensitiveMountChangedWhileSyncingTests : IDisposable
{
    private readonly E2eTempDir _dir = new();
    private CaseInsensitiveMount? _mount;

    public void Dispose()
    {
        _mount?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task
        A_source_edited_after_hashing_fails_with_changed_while_syncing_and_the_destination_keeps_its_file()
    {
        _dir.WriteSource("data.txt", "version 1\n");
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        _mount = CaseInsensitiveMount.Create(growOnSecondOpen: "data.txt");
        File.WriteAllText(Path.Combine(_mount.Path, "data.txt"), "version 2\n");
        File.WriteAllText(Path.Combine(_mount.Path, "other.txt"), "o");

        var result = (await Run.AzSync("sync", _mount.Path, _dir.Destination, "-o", "json")).ShouldExit(1);

        var failed = Assert.Single(Report.Parse(result.StdOut).Files, f => f.Path == "data.txt");
        Assert.Contains("changed while syncing", failed.Error);
        Assert.Equal("version 1\n", _dir.ReadDestination("data.txt"));
        Assert.Equal("o", _dir.ReadDestination("other.txt"));
        Assert.Empty(Directory.EnumerateFiles(_dir.Destination, ".azsync-tmp-*"));

        // The index still vouches for the bytes held, and the next run sends the file as it now is.
        var plan = Report.Parse(
            (await Run.AzSync("plan", _mount.Path, _dir.Destination, "-o", "json")).ShouldExit(0).StdOut);
        Assert.Equal(["data.txt"], plan.PathsWith("upload-changed"));
        (await Run.AzSync("sync", _mount.Path, _dir.Destination)).ShouldExit(0);
        Assert.Equal("version 2\nchanged while syncing\n", _dir.ReadDestination("data.txt"));
        Assert.Equal(MD5.HashData(File.ReadAllBytes(Path.Combine(_mount.Path, "data.txt"))),
            MD5.HashData(File.ReadAllBytes(_dir.Dst("data.txt"))));
    }
}

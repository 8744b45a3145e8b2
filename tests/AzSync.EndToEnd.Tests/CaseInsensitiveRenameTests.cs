using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing.CaseFolding;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// A case-only rename in the source, synced to a folder that matches names without case: a FUSE passthrough on
/// Linux, the native file system on macOS and Windows (CI runs this class on all three). Before the local store
/// measured case, --delete never converged and --force deleted the file it had just written.
/// </summary>
[Trait("Needs", "fuse")]
public sealed class CaseInsensitiveRenameTests : IDisposable
{
    private readonly E2eTempDir _dir = new();
    private readonly CaseInsensitiveMount _mount = CaseInsensitiveMount.Create();

    public void Dispose()
    {
        _mount.Dispose();
        _dir.Dispose();
    }

    private string Destination => Path.Combine(_mount.Path, "site");

    private string[] DestinationFiles() => Directory.EnumerateFiles(Destination)
        .Select(Path.GetFileName).Where(n => n != ".azsync-index.json").Order(StringComparer.Ordinal).ToArray()!;

    private async Task SyncedThenRenamed(string newContent)
    {
        _dir.WriteSource("Index.html", "<h1>old</h1>");
        _dir.WriteSource("b.txt", "b");
        (await Run.AzSync("sync", _dir.Source, Destination)).ShouldExit(0);
        Assert.Equal(["Index.html", "b.txt"], DestinationFiles());
        File.Delete(_dir.Src("Index.html"));
        _dir.WriteSource("index.html", newContent);
    }

    [Theory]
    [InlineData("--delete")]
    [InlineData("--force")]
    public async Task A_case_only_rename_is_one_replace_that_keeps_the_file_with_the_new_spelling(string flag)
    {
        await SyncedThenRenamed("<h1>new</h1>");

        var report = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, Destination, flag, "-o", "json")).ShouldExit(0).StdOut);

        Assert.Equal(["index.html"], report.PathsWith("upload-changed"));
        Assert.Empty(report.PathsWith("delete"));
        Assert.Equal(["b.txt", "index.html"], DestinationFiles());
        Assert.Equal("<h1>new</h1>", File.ReadAllText(Path.Combine(Destination, "index.html")));
        // Converged: the next run finds nothing to do.
        var again = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, Destination, flag, "-o", "json")).ShouldExit(0).StdOut);
        Assert.Equal(["b.txt", "index.html"], again.PathsWith("unchanged").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_case_only_rename_with_the_same_content_is_unchanged_and_keeps_the_file()
    {
        await SyncedThenRenamed("<h1>old</h1>");

        var report = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, Destination, "--delete", "-o", "json")).ShouldExit(0).StdOut);

        var entry = Assert.Single(report.Files, f => f.Path == "index.html");
        Assert.Equal("unchanged", entry.Action);
        Assert.Contains("destination spells it 'Index.html'", entry.Reason);
        Assert.Empty(report.PathsWith("delete"));
        Assert.Equal(["Index.html", "b.txt"], DestinationFiles());
        Assert.Equal("<h1>old</h1>", File.ReadAllText(Path.Combine(Destination, "Index.html")));
    }
}

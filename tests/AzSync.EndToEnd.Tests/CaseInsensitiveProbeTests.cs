using AzSync.EndToEnd.Tests.Support;
using AzSync.Testing.CaseFolding;

namespace AzSync.EndToEnd.Tests;

/// <summary>
/// The local store measures whether the destination matches names without case, on a real case-insensitive folder
/// (FUSE) and on an ordinary Linux one. Linux only: a macOS or Windows source cannot hold 'A.txt' beside 'a.txt'.
/// </summary>
[Trait("Needs", "fuse")]
public sealed class CaseInsensitiveProbeTests : IDisposable
{
    private readonly E2eTempDir _dir = new();
    private readonly CaseInsensitiveMount _mount = CaseInsensitiveMount.Create();

    public void Dispose()
    {
        _mount.Dispose();
        _dir.Dispose();
    }

    private void CollidingSource()
    {
        _dir.WriteSource("A.txt", "upper");
        _dir.WriteSource("a.txt", "lower");
        _dir.WriteSource("docs/Readme.md", "r1");
        _dir.WriteSource("docs/README.md", "r2");
        _dir.WriteSource("other.txt", "o");
    }

    [Fact]
    public async Task On_a_case_insensitive_folder_names_differing_only_in_case_fail_alone_at_plan_time()
    {
        CollidingSource();
        var destination = Path.Combine(_mount.Path, "dst");

        var report = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, destination, "-o", "json")).ShouldExit(1).StdOut);

        Assert.Equal(["a.txt", "docs/Readme.md"], report.PathsWith("error").Order(StringComparer.Ordinal));
        Assert.All(
            report.Files.Where(f => f.Action == "error"), f => Assert.Contains("would be the same file", f.Reason));
        Assert.Equal(
            ["A.txt", "docs/README.md", "other.txt"], report.PathsWith("upload-new").Order(StringComparer.Ordinal));
        Assert.Equal("upper", File.ReadAllText(Path.Combine(destination, "A.txt")));
        Assert.Equal("r2", File.ReadAllText(Path.Combine(destination, "docs", "README.md")));
        Assert.Empty(Directory.EnumerateFiles(_mount.Path, ".azsync-tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task On_a_case_sensitive_folder_names_differing_only_in_case_are_two_files()
    {
        CollidingSource();

        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);

        Assert.Equal(["A.txt", "a.txt", "docs/README.md", "docs/Readme.md", "other.txt"], _dir.DestinationFiles());
        Assert.Empty(Directory.EnumerateFiles(_dir.Root, ".azsync-tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task On_a_case_sensitive_folder_a_case_only_rename_is_an_upload_and_a_delete()
    {
        _dir.WriteSource("Index.html", "x");
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        File.Move(_dir.Src("Index.html"), _dir.Src("index.html"));

        var report = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete", "--max-delete", "100%", "-o", "json"))
            .ShouldExit(0).StdOut);

        Assert.Equal(["index.html"], report.PathsWith("upload-new"));
        Assert.Equal(["Index.html"], report.PathsWith("delete"));
        Assert.Equal(["index.html"], _dir.DestinationFiles());
    }

    [Fact]
    public async Task A_case_insensitive_folder_inside_a_case_sensitive_destination_is_refused_by_name()
    {
        _dir.WriteSource("a.txt", "a");
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        // A mount of its own stands for a Linux casefold folder or a Windows folder with its own case sensitivity.
        var mixed = Directory.CreateDirectory(Path.Combine(_dir.Destination, "mixed")).FullName;
        using var inner = CaseInsensitiveMount.Create(at: mixed);
        File.WriteAllText(Path.Combine(mixed, "Page.html"), "p");

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination, "--delete")).ShouldExit(5);

        Assert.Contains("'mixed/'", result.StdErr);
        Assert.Contains("matches names without case", result.StdErr);
        Assert.Equal("p", File.ReadAllText(Path.Combine(mixed, "Page.html")));
        Assert.Equal("a", File.ReadAllText(_dir.Dst("a.txt")));
    }
}

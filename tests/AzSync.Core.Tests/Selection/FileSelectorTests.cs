using AzSync.Core.Manifest;
using AzSync.Core.Selection;

namespace AzSync.Core.Tests.Selection;

public sealed class FileSelectorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("azsync-select-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative);
        return path;
    }

    private Mapping Map(string source = "", string[]? include = null, string[]? exclude = null, string target = "",
        int line = 0) =>
        new(Path.Combine(_root, source), include ?? Mapping.DefaultInclude, exclude ?? [], target, HeaderRules.None,
            line);

    [Fact]
    public void Globs_pick_files_and_targets_prefix_them()
    {
        Write("a/index.html"); Write("a/app.js"); Write("a/app.js.map"); Write("a/deep/x/y.css");
        var selection = FileSelector.Select([Map("a", exclude: ["**/*.map"], target: "web")], new());
        Assert.Equal(["web/app.js", "web/deep/x/y.css", "web/index.html"],
            selection.Files.Select(f => f.DestinationPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dot_files_and_dot_folders_are_walked_like_any_other()
    {
        Write("a/.env"); Write("a/.well-known/security.txt"); Write("a/index.html");
        var selection = FileSelector.Select([Map("a")], new());
        Assert.Equal([".env", ".well-known/security.txt", "index.html"],
            selection.Files.Select(f => f.DestinationPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Two_mappings_writing_the_same_path_is_an_error_naming_both()
    {
        Write("one/x.txt"); Write("two/x.txt");
        var e = Assert.Throws<SelectionException>(
            () => FileSelector.Select([Map("one", line: 4), Map("two", line: 9)], new()));
        Assert.Contains("'x.txt'", e.Message);
        Assert.Contains("line 4", e.Message);
        Assert.Contains("line 9", e.Message);
    }

    [Fact]
    public void A_missing_source_folder_is_an_error_naming_it()
    {
        var e = Assert.Throws<SelectionException>(() => FileSelector.Select([Map("nope")], new()));
        Assert.Contains(Path.Combine(_root, "nope"), e.Message);
    }

    [Fact]
    public void Symlinks_are_skipped_unless_followed_and_loops_are_not_followed_twice()
    {
        Write("src/real/file.txt");
        Directory.CreateSymbolicLink(Path.Combine(_root, "src/linked"), Path.Combine(_root, "src/real"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "src/real/loop"), Path.Combine(_root, "src"));

        var skipped = FileSelector.Select([Map("src")], new(FollowSymlinks: false));
        Assert.Equal(["real/file.txt"], skipped.Files.Select(f => f.DestinationPath));
        Assert.Equal(2, skipped.SkippedSymlinks);

        var followed = FileSelector.Select([Map("src")], new(FollowSymlinks: true));
        Assert.Contains("linked/file.txt", followed.Files.Select(f => f.DestinationPath));
        Assert.Contains("real/file.txt", followed.Files.Select(f => f.DestinationPath));
        Assert.Empty(followed.Problems);
        Assert.Equal([Path.Combine(_root, "src/real/loop")], followed.SymlinkLoops);
    }

    [Fact]
    public void A_loop_reached_through_two_links_is_one_skipped_loop_not_a_problem()
    {
        Write("src/a/file.txt");
        Directory.CreateSymbolicLink(Path.Combine(_root, "src/a/up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_root, "src/b"), "a");

        var followed = FileSelector.Select([Map("src")], new(FollowSymlinks: true));

        Assert.Equal(["a/file.txt", "b/file.txt"],
            followed.Files.Select(f => f.DestinationPath).Order(StringComparer.Ordinal));
        Assert.Empty(followed.Problems);
        Assert.Equal([Path.Combine(_root, "src/a/up")], followed.SymlinkLoops);
    }

    [Fact]
    public void Covers_tells_whether_a_destination_path_is_under_a_mappings_filters()
    {
        var mapping = Map(exclude: ["**/*.tmp"], target: "site");
        var matcher = FileSelector.CreateMatcher(mapping);
        Assert.True(FileSelector.Covers(mapping, matcher, "site/a/b.txt"));
        Assert.False(FileSelector.Covers(mapping, matcher, "site/a/b.tmp"));
        Assert.False(FileSelector.Covers(mapping, matcher, "other/b.txt"));
        Assert.False(FileSelector.Covers(mapping, matcher, "site2/b.txt"));
    }
}

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>'{a,b}' alternatives work everywhere a glob is taken, and a glob that cannot work is refused up
/// front.</summary>
public sealed class GlobTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public GlobTests()
    {
        foreach (var f in new[] { "index.html", "notes.txt", "app.css", "js/app.js", "js/app.js.map", "js/app.js.gz" })
            _dir.WriteSource(f, f);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Brace_alternatives_on_the_command_line_select_and_exclude()
    {
        (await Run.AzSync("sync", _dir.Source, _dir.Destination,
            "--include", "**/*.{html,txt}", "--include", "{js,css}/**", "--exclude", "**/*.{map,gz}")).ShouldExit(0);

        Assert.Equal(["index.html", "js/app.js", "notes.txt"], _dir.DestinationFiles());
    }

    [Fact]
    public async Task Brace_alternatives_in_a_manifest_select_and_exclude()
    {
        File.WriteAllText(Path.Combine(_dir.Root, "azsync.yaml"),
            "version: 1\ndestination: dst\nmappings:\n  - source: src\n" +
            "    include: ['*.{html,css}', 'js/*.js{,.map}']\n    exclude: '**/*.{map,gz}'\n");

        (await Run.AzSyncIn(_dir.Root, "sync")).ShouldExit(0);

        Assert.Equal(["app.css", "index.html", "js/app.js"], _dir.DestinationFiles());
    }

    [Theory]
    [InlineData("--include", "**/{a", "--include '**/{a': unbalanced '{'")]
    [InlineData("--exclude", "a}", "--exclude 'a}': unbalanced '}'")]
    [InlineData("--include", "*.[ch]", "--include '*.[ch]': '[...]' character classes are not supported")]
    [InlineData("--include", "/abs/**", "--include '/abs/**': must be relative to the source folder")]
    [InlineData("--exclude", "../up/*", "--exclude '../up/*': must be relative to the source folder")]
    [InlineData("--include", "{src,/etc}/**", "--include '{src,/etc}/**': must be relative to the source folder")]
    [InlineData("--include", "", "--include '': is empty")]
    public async Task A_glob_the_manifest_would_refuse_is_refused_on_the_command_line_naming_the_option(
        string option, string glob, string expected)
    {
        foreach (var command in new[] { "sync", "plan" })
        {
            var result = (await Run.AzSync(command, _dir.Source, _dir.Destination, option, glob)).ShouldExit(5);

            Assert.StartsWith($"error: {expected}", result.StdErr);
            Assert.False(Directory.Exists(_dir.Destination));
        }
    }

    [Fact]
    public async Task A_glob_the_manifest_refuses_names_the_file_line_and_column_once()
    {
        File.WriteAllText(Path.Combine(_dir.Root, "azsync.yaml"),
            "version: 1\ndestination: dst\nmappings:\n  - source: src\n    include: ['**/{a']\n");

        var sync = (await Run.AzSyncIn(_dir.Root, "sync")).ShouldExit(5);
        var validate = (await Run.AzSyncIn(_dir.Root, "manifest", "validate")).ShouldExit(5);

        const string expected = "azsync.yaml:5:15: error: 'include' pattern '**/{a': unbalanced '{'";
        Assert.StartsWith(expected, sync.StdErr);
        Assert.StartsWith(expected, validate.StdErr);
        Assert.False(Directory.Exists(_dir.Destination));
    }
}

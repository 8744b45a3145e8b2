using AzSync.Core.Manifest;
using AzSync.Core.Selection;

namespace AzSync.Core.Tests.Selection;

public sealed class GlobsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("azsync-globs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("**/*.html", new[] { "**/*.html" })]
    [InlineData("**/*.{html,txt}", new[] { "**/*.html", "**/*.txt" })]
    [InlineData("{css,js}/**/*.{map,gz}", new[] { "css/**/*.map", "css/**/*.gz", "js/**/*.map", "js/**/*.gz" })]
    [InlineData("a{b,c{d,e}}f", new[] { "abf", "acdf", "acef" })]
    [InlineData("*.js{,.map}", new[] { "*.js", "*.js.map" })]
    [InlineData("{only}.txt", new[] { "only.txt" })]
    [InlineData("a,b", new[] { "a,b" })]
    public void Braces_expand_into_every_alternative(string glob, string[] expected)
    {
        Assert.Null(Globs.Problem(glob));
        Assert.Equal(expected, Globs.Expand(glob));
    }

    [Theory]
    [InlineData("**/{a", "unbalanced '{'")]
    [InlineData("{a,{b}", "unbalanced '{'")]
    [InlineData("a}", "unbalanced '}'")]
    [InlineData("{}.txt", "'{}' has no alternatives")]
    [InlineData("{,}", "expands to an empty pattern")]
    [InlineData("*.[ch]", "character classes are not supported")]
    [InlineData("a[", "character classes are not supported")]
    [InlineData("a?.txt", "'?' is not supported")]
    [InlineData("/abs/**", "must be relative")]
    [InlineData("{src,/abs}/**", "must be relative")]
    [InlineData("{a,..}/x", "must be relative")]
    [InlineData(" ", "is empty")]
    [InlineData("docs\\**\\*.md", "'\\' is not a separator in globs; use '/'")]
    [InlineData("\\abs\\*", "'\\' is not a separator")]
    [InlineData("{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b}", "more than 256 patterns")]
    public void Malformed_globs_have_a_problem_that_says_what_is_wrong(string glob, string expected)
    {
        Assert.Contains(expected, Globs.Problem(glob));
        Assert.Throws<ArgumentException>(() => Globs.Expand(glob));
    }

    [Fact]
    public void A_backslash_in_a_manifest_glob_is_refused_with_the_file_and_line()
    {
        var yaml = "version: 1\nmappings:\n  - source: site\n    include: ['**/*.html', 'docs\\*.md']\n";

        var result = ManifestLoader.Parse(yaml, "azsync.yaml", _root);

        Assert.True(result.HasErrors);
        Assert.Contains("azsync.yaml:4:", result.FormatDiagnostics());
        Assert.Contains("'docs\\*.md': '\\' is not a separator in globs", result.FormatDiagnostics());
    }

    [Fact]
    public void Brace_globs_select_and_exclude_real_files()
    {
        foreach (var f in new[] { "index.html", "notes.txt", "app.css", "js/app.js", "js/app.js.map", "css/x.css.map" })
        {
            var path = Path.Combine(_root, f);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, f);
        }
        var mapping = new Mapping(_root, ["**/*.{html,txt}", "{js,css}/**"], ["**/*.{map,gz}"], "", HeaderRules.None);

        var selection = FileSelector.Select([mapping], new());

        Assert.Equal(["index.html", "js/app.js", "notes.txt"],
            selection.Files.Select(f => f.DestinationPath).Order(StringComparer.Ordinal));
    }
}

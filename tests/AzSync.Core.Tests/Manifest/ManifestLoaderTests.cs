using AzSync.Core.Manifest;

namespace AzSync.Core.Tests.Manifest;

public class ManifestLoaderTests
{
    private static ManifestLoadResult LoadValid(string name)
    {
        var result = ManifestLoader.Load(Path.Combine(RepoPaths.Valid, name));
        Assert.False(result.HasErrors, result.FormatDiagnostics());
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Manifest);
        return result;
    }

    [Fact]
    public void Full_manifest_parses_every_key_and_normalises_values()
    {
        var m = LoadValid("full.yaml").Manifest!;

        Assert.Equal(Path.Combine(RepoPaths.Valid, "full.yaml"), m.FilePath);
        Assert.Equal("https://acct.blob.core.windows.net/web/prefix", m.Destination);
        Assert.True(m.Delete);
        Assert.Equal(new DeleteLimit(null, 12.5), m.MaxDelete);
        Assert.Equal(2, m.Mappings.Count);

        var site = m.Mappings[0];
        Assert.Equal(Path.Combine(RepoPaths.Valid, "public"), site.Source);
        Assert.Equal("site", site.Target);
        Assert.Equal(["**/*.html", "css/**"], site.Include);
        Assert.Equal(["**/*.map", "drafts/**"], site.Exclude);
        Assert.Equal(7, site.Line);
        Assert.Equal("public, max-age=300", site.Headers.CacheControl);
        Assert.Equal("gzip", site.Headers.ContentEncoding);
        Assert.Equal("inline", site.Headers.ContentDisposition);
        Assert.Equal(new Dictionary<string, string>
        {
            [".wasm"] = "application/wasm",
            [".md"] = "text/markdown; charset=utf-8",
        }, site.Headers.ContentTypes);

        var api = m.Mappings[1];
        Assert.Equal(Path.Combine(RepoPaths.Valid, "docs", "api"), api.Source);
        Assert.Equal("assets/v2/api", api.Target);
        Assert.Equal(["**/*.json"], api.Include);
        Assert.Empty(api.Exclude);
        Assert.Equal(17, api.Line);
        Assert.Null(api.Headers.CacheControl);
        Assert.Null(api.Headers.ContentTypes);
    }

    [Fact]
    public void Minimal_manifest_gets_the_defaults()
    {
        var m = LoadValid("minimal.yaml").Manifest!;

        Assert.Null(m.Destination);
        Assert.Null(m.Delete);
        Assert.Null(m.MaxDelete);
        var only = Assert.Single(m.Mappings);
        Assert.Equal(Mapping.DefaultInclude, only.Include);
        Assert.Empty(only.Exclude);
        Assert.Equal("", only.Target);
        Assert.Equal(HeaderRules.None, only.Headers);
        Assert.Equal(3, only.Line);
    }

    [Fact]
    public void Local_destination_resolves_against_the_manifest_folder_and_counts_are_read()
    {
        var m = LoadValid("local-destination.yaml").Manifest!;

        Assert.Equal(Path.GetFullPath(Path.Combine(RepoPaths.ManifestTests, "out", "site")), m.Destination);
        Assert.False(m.Delete);
        Assert.Equal(new DeleteLimit(25, null), m.MaxDelete);
        Assert.Equal(RepoPaths.Valid, m.Mappings[0].Source);
        Assert.Equal(["**/*.tmp"], m.Mappings[0].Exclude);
        // Same source and target with different includes is not a duplicate: the selection stage decides
        // whether the two actually produce the same destination path.
        Assert.Equal(3, m.Mappings.Count);
    }

    [Fact]
    public void Sources_are_not_required_to_exist_yet()
    {
        var dir = Path.Combine(Path.GetTempPath(), "azsync-manifest-" + Guid.NewGuid().ToString("N"));
        var result = ManifestLoader.Parse("version: 1\nmappings:\n  - source: not/created/yet\n", "azsync.yaml", dir);

        Assert.False(result.HasErrors, result.FormatDiagnostics());
        Assert.Equal(Path.Combine(dir, "not", "created", "yet"), result.Manifest!.Mappings[0].Source);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Load_resolves_sources_against_the_manifest_folder_not_the_working_directory()
    {
        var dir = Directory.CreateTempSubdirectory("azsync-manifest-").FullName;
        try
        {
            var path = Path.Combine(dir, "azsync.yaml");
            File.WriteAllText(path, "version: 1\nmappings:\n  - source: www\n    target: web\n");

            var result = ManifestLoader.Load(path);

            Assert.False(result.HasErrors, result.FormatDiagnostics());
            Assert.Equal(path, result.Manifest!.FilePath);
            Assert.Equal(Path.Combine(dir, "www"), result.Manifest.Mappings[0].Source);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Missing_file_is_an_error_diagnostic_not_an_exception()
    {
        var path =
            Path.Combine(Path.GetTempPath(), "azsync-no-such-dir-" + Guid.NewGuid().ToString("N"), "azsync.yaml");

        var result = ManifestLoader.Load(path);

        Assert.True(result.HasErrors);
        Assert.Null(result.Manifest);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal($"error: {path}: not found (looked for '{path}'); check the path", d.ToString());
    }

    [Fact]
    public void A_folder_given_as_the_manifest_path_is_an_error_diagnostic()
    {
        var result = ManifestLoader.Load(RepoPaths.Valid);

        Assert.Null(result.Manifest);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(0, d.Line);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        // A folder cannot be read as a file on Linux either, but "permission denied" would send the user astray.
        Assert.Equal($"error: {RepoPaths.Valid}: is a directory, not a manifest file", d.ToString());
    }

    [Fact]
    public void Messages_never_echo_a_sas_signature()
    {
        foreach (var destination in new[]
                 {
                     "http://example.com/c?sv=1&sig=TOPSECRET", "https://a.blob.core.windows.net/c?sig=TOPSECRET",
                     "ftp://x/c?sig=TOPSECRET",
                 })
        {
            var result = ManifestLoader.Parse($"version: 1\ndestination: {destination}\nmappings:\n  - source: p\n",
                "azsync.yaml", RepoPaths.Valid);
            Assert.NotEmpty(result.Diagnostics);
            Assert.DoesNotContain("TOPSECRET", result.FormatDiagnostics());
        }
    }

    [Fact]
    public void Allowing_outside_sources_accepts_a_sibling_folder()
    {
        var yaml = "version: 1\nallowOutsideSources: true\nmappings:\n  - source: ../shared\n";

        var result = ManifestLoader.Parse(yaml, "azsync.yaml", RepoPaths.Valid);

        Assert.False(result.HasErrors, result.FormatDiagnostics());
        Assert.Equal(Path.Combine(RepoPaths.ManifestTests, "shared"), result.Manifest!.Mappings[0].Source);
    }

    [Theory]
    [InlineData("site", "site")]
    [InlineData("/site/", "site")]
    [InlineData("a\\b\\c", "a/b/c")]
    [InlineData("a//b/", "a/b")]
    [InlineData("/", "")]
    [InlineData("'.well-known/x'", ".well-known/x")]
    public void Targets_are_normalised(string yamlTarget, string expected)
    {
        var result = ManifestLoader.Parse($"version: 1\nmappings:\n  - source: p\n    target: {yamlTarget}\n",
            "azsync.yaml", RepoPaths.Valid);

        Assert.False(result.HasErrors, result.FormatDiagnostics());
        Assert.Equal(expected, result.Manifest!.Mappings[0].Target);
    }

    [Theory]
    [InlineData("mapings", "mappings")]
    [InlineData("mpaings", "mappings")]
    [InlineData("Version", "version")]
    [InlineData("max_delete", "maxDelete")]
    [InlineData("zzz", null)]
    [InlineData("target", null)]
    public void Suggestions_catch_typos_but_not_unrelated_words(string typed, string? expected)
    {
        Assert.Equal(expected,
            KeySuggester.Suggest(typed, ["version", "destination", "delete", "maxDelete", "mappings"]));
    }
}

using AzSync.Core.Manifest;

using AzSync.Testing;

namespace AzSync.Core.Tests.Manifest;

public sealed class ManifestLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-manifest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string GoldenDir => Path.Combine(RepoPaths.Root, "tests", "AzSync.Core.Tests", "Manifest", "Golden");

    public static TheoryData<string> GoldenCases() =>
        new(Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "AzSync.Core.Tests", "Manifest", "Golden"), "*.yaml")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    // Set AZSYNC_UPDATE_GOLDEN=1 to rewrite the expected files after an intended change of wording.
    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Bad_manifests_get_the_golden_diagnostics(string name)
    {
        var yaml = Path.Combine(GoldenDir, name + ".yaml");
        var result = ManifestLoader.Parse(File.ReadAllText(yaml), name + ".yaml", "/work/site");
        var actual = string.Join("\n", result.Diagnostics) + "\n";
        var expectedPath = Path.Combine(GoldenDir, name + ".expected.txt");
        if (Environment.GetEnvironmentVariable("AZSYNC_UPDATE_GOLDEN") == "1") File.WriteAllText(expectedPath, actual);
        Assert.True(result.HasErrors, "every golden case is a bad manifest");
        Assert.Null(result.Manifest);
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    [Fact]
    public void A_valid_manifest_becomes_the_model()
    {
        var yaml = """
            version: 1
            destination: https://acct.blob.core.windows.net/web
            delete: true
            maxDelete: 25%
            mappings:
              - source: public
                target: /site/
                include: "**/*.html"
                exclude: ["**/*.map", "drafts/**"]
                cacheControl: "public, max-age=300"
                contentType: { wasm: application/wasm, ".MD": text/markdown }
                contentEncoding: gzip
                contentDisposition: inline
              - source: docs
            """;
        var result = ManifestLoader.Parse(yaml, "azsync.yaml", _dir);
        Assert.Empty(result.Diagnostics);
        var m = result.Manifest!;
        Assert.Equal("https://acct.blob.core.windows.net/web", m.Destination);
        Assert.True(m.Delete);
        Assert.Equal(25, m.MaxDelete!.Value.Percent);
        var first = m.Mappings[0];
        Assert.Equal(Path.Combine(_dir, "public"), first.Source);
        Assert.Equal("site", first.Target);
        Assert.Equal(["**/*.html"], first.Include);
        Assert.Equal(["**/*.map", "drafts/**"], first.Exclude);
        Assert.Equal(6, first.Line);
        Assert.Equal("application/wasm", first.Headers.ContentTypes![".wasm"]);
        Assert.Equal("text/markdown", first.Headers.ContentTypes![".md"]);
        Assert.Equal(("gzip", "inline", "public, max-age=300"), (first.Headers.ContentEncoding, first.Headers.ContentDisposition, first.Headers.CacheControl));
        Assert.Equal(Mapping.DefaultInclude, m.Mappings[1].Include);
        Assert.Equal("", m.Mappings[1].Target);
    }

    [Fact]
    public void A_missing_file_is_a_diagnostic_not_an_exception()
    {
        var result = ManifestLoader.Load(Path.Combine(_dir, "nope.yaml"));
        Assert.True(result.HasErrors);
        Assert.Contains("does not exist", result.Diagnostics.Single().Message);
    }

    [Fact]
    public void The_example_manifests_are_valid()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "azsync.yaml", SearchOption.AllDirectories))
        {
            var result = ManifestLoader.Load(file);
            Assert.False(result.HasErrors, file + ": " + string.Join("; ", result.Diagnostics));
        }
    }
}

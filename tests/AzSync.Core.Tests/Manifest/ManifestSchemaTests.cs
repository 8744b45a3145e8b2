using System.Text.Json;
using AzSync.Core.Manifest;

namespace AzSync.Core.Tests.Manifest;

/// <summary>
/// Checks ManifestSchema.Json with the real ajv (through tools/node/validate-schema.mjs), so what editors flag
/// agrees with what the loader accepts.
/// </summary>
[Trait("Needs", "node")]
public class ManifestSchemaTests
{
    // Golden manifests whose problems the schema can express too (it cannot see sources escaping the folder,
    // duplicate mappings, SAS tokens or unbalanced braces, which only the loader checks).
    private static readonly string[] SchemaRejects =
    [
        "unknown-top-level-key", "unknown-mapping-key", "misplaced-keys", "wrong-type-delete", "wrong-types",
        "missing-version", "version-2", "empty-mappings", "missing-mappings", "missing-source", "bad-target",
        "bad-max-delete", "bad-max-delete-text", "bad-destination", "bad-globs-and-types", "duplicate-key",
        "not-a-mapping", "several-errors", "typo-of-required-key", "tab-indentation", "yaml-syntax-error",
        "bad-header-values", "bad-brace-globs",
    ];

    private static IEnumerable<string> ExampleManifests() =>
        Directory.GetDirectories(RepoPaths.Examples).Select(d => Path.Combine(d, "azsync.yaml")).Where(File.Exists);

    [Fact]
    public void Examples_and_valid_manifests_pass_the_loader_and_the_schema()
    {
        var files = ExampleManifests().Concat(Directory.GetFiles(RepoPaths.Valid, "*.yaml")).Order().ToList();
        Assert.True(files.Count >= 6, $"expected the 3 examples and the valid test manifests, found {files.Count}");
        foreach (var file in files)
        {
            var result = ManifestLoader.Load(file);
            Assert.False(result.HasErrors, result.FormatDiagnostics());
        }

        var (exit, output) = RunValidator(files);

        Assert.True(exit == 0, output);
        foreach (var file in files) Assert.Contains($"ok {file}", output);
    }

    [Fact]
    public void Unknown_key_fails_schema_validation()
    {
        var dir = Directory.CreateTempSubdirectory("azsync-schema-").FullName;
        try
        {
            var bad = Path.Combine(dir, "azsync.yaml");
            File.WriteAllText(bad, "version: 1\ndestinaton: ./out\nmappings:\n  - source: public\n    exlude: x\n");

            var (exit, output) = RunValidator([bad]);

            Assert.Equal(1, exit);
            Assert.Contains($"invalid {bad}", output);
            Assert.Contains("/ must NOT have additional properties 'destinaton'", output);
            Assert.Contains("/mappings/0 must NOT have additional properties 'exlude'", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Manifests_the_loader_rejects_for_shape_reasons_fail_the_schema_too()
    {
        var files = SchemaRejects.Select(n => Path.Combine(RepoPaths.Golden, n + ".yaml")).ToList();
        foreach (var file in files)
            Assert.True(ManifestLoader.Load(file).HasErrors, $"{file} was expected to have loader errors");

        var (exit, output) = RunValidator(files);

        Assert.Equal(1, exit);
        var accepted = files.Where(f => output.Contains($"ok {f}\n")).ToList();
        Assert.True(accepted.Count == 0, "schema accepted: " + string.Join(", ", accepted) + "\n" + output);
        foreach (var file in files) Assert.Contains($"invalid {file}", output);
    }

    [Theory]
    [InlineData("contentEncoding: \"gzip\\u00e9\"")]
    [InlineData("contentDisposition: \"attachment; filename=\\\"\\u00e9.txt\\\"\"")]
    [InlineData("cacheControl: \"a\\r\\nX-Evil: b\"")]
    [InlineData("contentType: { .md: \"text/markdown; a\\r\\nb\" }")]
    [InlineData("include: \"*.[ch]\"")]
    [InlineData("include: \"a?.txt\"")]
    [InlineData("include: \"{}.txt\"")]
    [InlineData("exclude: \"{src,/abs}/**\"")]
    [InlineData("exclude: \"{a,..}/x\"")]
    public void Values_the_loader_refuses_one_by_one_fail_the_schema_too(string line)
    {
        var dir = Directory.CreateTempSubdirectory("azsync-schema-").FullName;
        try
        {
            var bad = Path.Combine(dir, "azsync.yaml");
            File.WriteAllText(bad, $"version: 1\nmappings:\n  - source: public\n    {line}\n");
            Assert.True(ManifestLoader.Load(bad).HasErrors, line);

            var (exit, output) = RunValidator([bad]);

            Assert.True(exit == 1 && output.Contains($"invalid {bad}"), output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Schema_is_json_with_a_description_for_every_key_and_the_published_copy_is_current()
    {
        using var doc = JsonDocument.Parse(ManifestSchema.Json);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        var mapping = root.GetProperty("definitions").GetProperty("mapping");
        Assert.False(mapping.GetProperty("additionalProperties").GetBoolean());

        var topKeys = root.GetProperty("properties").EnumerateObject().ToList();
        var mappingKeys = mapping.GetProperty("properties").EnumerateObject().ToList();
        Assert.Equal(RootReader.TopLevelKeys.Order(), topKeys.Select(p => p.Name).Order());
        Assert.Equal(RootReader.MappingKeys.Order(), mappingKeys.Select(p => p.Name).Order());
        foreach (var p in topKeys.Concat(mappingKeys))
            Assert.True(p.Value.TryGetProperty("description", out var d) && d.GetString()!.Length > 10,
                $"'{p.Name}' has no description");

        // examples/azsync.schema.json lets editors check the examples through their '$schema' comment.
        var published = Path.Combine(RepoPaths.Examples, "azsync.schema.json");
        if (RepoPaths.UpdateGolden) File.WriteAllText(published, ManifestSchema.Json);
        Assert.Equal(ManifestSchema.Json.ReplaceLineEndings("\n"),
            File.ReadAllText(published).ReplaceLineEndings("\n"));
    }

    private static (int Exit, string Output) RunValidator(IEnumerable<string> files)
    {
        var nodeDir = Path.Combine(RepoPaths.Root, "tools", "node");
        Assert.True(Directory.Exists(Path.Combine(nodeDir, "node_modules", "ajv"))
                    && Directory.Exists(Path.Combine(nodeDir, "node_modules", "yaml")),
            "tools/node/node_modules lacks ajv or yaml; " +
            "run `bash tools/install-deps.sh` from the repository root first.");

        var schema = Path.Combine(Path.GetTempPath(), $"azsync-schema-{Guid.NewGuid():N}.json");
        File.WriteAllText(schema, ManifestSchema.Json);
        try
        {
            var r = AzSync.Testing.ChildProcess.Run("node",
                [Path.Combine(nodeDir, "validate-schema.mjs"), schema, .. files], timeout: TimeSpan.FromSeconds(60));
            return (r.ExitCode, r.StdOut.ReplaceLineEndings("\n") + r.StdErr);
        }
        finally
        {
            File.Delete(schema);
        }
    }
}

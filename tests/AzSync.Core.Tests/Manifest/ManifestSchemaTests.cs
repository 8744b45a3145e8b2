using AzSync.Core.Manifest;
using AzSync.Testing;

namespace AzSync.Core.Tests.Manifest;

/// <summary>The schema is checked by an independent validator (ajv), not by our own loader.</summary>
public sealed class ManifestSchemaTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("azsync-schema-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<ProcessResult> ValidateAsync(params string[] manifests)
    {
        var script = Path.Combine(RepoPaths.Root, "tools", "node", "validate-schema.mjs");
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.NodeModules, "ajv")), "ajv is missing: run 'bash tools/install-deps.sh'");
        var schema = Path.Combine(_dir, "azsync.schema.json");
        await File.WriteAllTextAsync(schema, ManifestSchema.Json);
        return await ChildProcess.RunAsync("node", [script, schema, .. manifests]);
    }

    [Fact]
    public async Task The_example_manifests_pass_the_schema()
    {
        var examples = Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "azsync.yaml", SearchOption.AllDirectories);
        Assert.NotEmpty(examples);
        var result = await ValidateAsync(examples);
        Assert.True(result.ExitCode == 0, result.All);
    }

    [Fact]
    public async Task An_unknown_key_fails_the_schema()
    {
        var bad = Path.Combine(RepoPaths.Root, "tests", "AzSync.Core.Tests", "Manifest", "Golden", "unknown-key-in-mapping.yaml");
        var result = await ValidateAsync(bad);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("exlcude", result.StdOut);
    }

    [Fact]
    public async Task A_percentage_and_a_count_are_both_valid_max_delete_values()
    {
        var count = Path.Combine(_dir, "count.yaml");
        var percent = Path.Combine(_dir, "percent.yaml");
        await File.WriteAllTextAsync(count, "version: 1\nmaxDelete: 10\nmappings:\n  - source: a\n");
        await File.WriteAllTextAsync(percent, "version: 1\nmaxDelete: 12.5%\nmappings:\n  - source: a\n");
        var result = await ValidateAsync(count, percent);
        Assert.True(result.ExitCode == 0, result.All);
    }
}

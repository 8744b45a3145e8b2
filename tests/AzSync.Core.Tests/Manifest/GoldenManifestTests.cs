using AzSync.Core.Manifest;

namespace AzSync.Core.Tests.Manifest;

/// <summary>
/// Each Golden/&lt;name&gt;.yaml is a manifest with problems; Golden/&lt;name&gt;.expected.txt holds the exact
/// diagnostics a user sees (file shown as the bare name). After an intended wording change, regenerate with
///   AZSYNC_UPDATE_GOLDEN=1 dotnet test tests/AzSync.Core.Tests --filter GoldenManifestTests
/// and review the diff before committing.
/// </summary>
public class GoldenManifestTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Golden, "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostics_match_the_golden_file(string name)
    {
        var yamlPath = Path.Combine(RepoPaths.Golden, name + ".yaml");
        var expectedPath = Path.Combine(RepoPaths.Golden, name + ".expected.txt");

        var result = ManifestLoader.Parse(File.ReadAllText(yamlPath), name + ".yaml", RepoPaths.Golden);
        var actual = string.Concat(result.Diagnostics.Select(d => d + "\n"));

        if (RepoPaths.UpdateGolden)
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath),
            $"{expectedPath} is missing; create it with AZSYNC_UPDATE_GOLDEN=1 and review its content.");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
        Assert.NotEmpty(result.Diagnostics);
        Assert.Equal(result.HasErrors, result.Manifest is null);
    }

    [Fact]
    public void Every_golden_expectation_has_its_manifest()
    {
        var orphans = Directory.GetFiles(RepoPaths.Golden, "*.expected.txt")
            .Select(f => Path.GetFileName(f)[..^".expected.txt".Length])
            .Where(n => !File.Exists(Path.Combine(RepoPaths.Golden, n + ".yaml")));
        Assert.Empty(orphans);
    }
}

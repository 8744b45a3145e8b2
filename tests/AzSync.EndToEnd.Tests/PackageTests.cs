using System.IO.Compression;
using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>The package carries the README, so nuget.org shows it and pack does not warn "missing a readme".</summary>
[Trait("Needs", "pack")]
public sealed class PackageTests
{
    [Fact]
    public void The_package_ships_the_readme_and_names_it()
    {
        using var packed = new PackedTool();
        using var package = ZipFile.OpenRead(Directory.GetFiles(packed.Feed, "AzSync.*.nupkg").Single());

        var readme = package.GetEntry("README.md");
        Assert.NotNull(readme);
        using (var text = new StreamReader(readme.Open()))
            Assert.Equal(File.ReadAllText(Path.Combine(packed.RepoRoot, "README.md")), text.ReadToEnd());
        using var nuspec = new StreamReader(
            package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        Assert.Contains("<readme>README.md</readme>", nuspec.ReadToEnd());
    }
}

using AzSync.Testing;

namespace AzSync.Core.Tests.Style;

/// <summary>
/// The build's line-width check (Directory.Build.targets), run by MSBuild on a throwaway project that imports it:
/// a long line fails the build with its file and line, a line at the limit and generated code under obj/ do not.
/// </summary>
public sealed class LineWidthCheckTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("azsync-style-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task A_line_over_120_characters_fails_the_build_naming_file_line_and_length()
    {
        Write("Long.cs", "class Long\n{\n    // " + new string('x', 114) + "\n}\n");
        Write("Ok.cs", "// " + new string('y', 117) + "\n");

        var result = await CheckAsync();

        Assert.NotEqual(0, result.ExitCode);
        var longFile = Path.Combine(_dir.FullName, "Long.cs");
        Assert.Contains($"{longFile}(3): error AZS0120: line is 121 characters (limit 120)", result.All);
        Assert.DoesNotContain("Ok.cs", result.All);

        // The check is incremental; a failed one must not count as done.
        var again = await CheckAsync();
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("error AZS0120", again.All);
    }

    [Fact]
    public async Task Lines_at_the_limit_and_generated_code_under_obj_pass()
    {
        Write("Ok.cs", "// " + new string('y', 117) + "\n");
        Write("obj/Generated.cs", "// " + new string('z', 200) + "\n");

        var result = await CheckAsync();

        Assert.True(result.ExitCode == 0, result.All);
        Assert.DoesNotContain("AZS0120", result.All);
    }

    [Fact]
    public async Task The_check_is_off_where_AzSyncStyle_is_not_true()
    {
        Write("Long.cs", "// " + new string('x', 200) + "\n");

        var result = await CheckAsync(style: "false");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.DoesNotContain("AZS0120", result.All);
    }

    private void Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Runs only the check's target, so no restore or compile is needed.</summary>
    private async Task<ProcessResult> CheckAsync(string style = "true")
    {
        var targets = Path.Combine(RepoPaths.Root, "Directory.Build.targets");
        File.WriteAllText(Path.Combine(_dir.FullName, "probe.proj"), $"""
            <Project>
              <PropertyGroup>
                <AzSyncStyle>{style}</AzSyncStyle>
                <BaseIntermediateOutputPath>obj/</BaseIntermediateOutputPath>
                <IntermediateOutputPath>obj/</IntermediateOutputPath>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="**/*.cs" />
              </ItemGroup>
              <Import Project="{targets}" />
              <Target Name="CoreCompile" />
            </Project>
            """);
        return await ChildProcess.RunAsync("dotnet",
            ["msbuild", "probe.proj", "-t:CoreCompile", "-nologo", "-v:m", "-nodeReuse:false"], _dir.FullName,
            timeout: TimeSpan.FromMinutes(5));
    }
}

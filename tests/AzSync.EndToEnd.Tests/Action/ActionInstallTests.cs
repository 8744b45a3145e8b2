using System.Xml.Linq;

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>The action's install (the wrappers' core): the runner's dotnet, the pinned version, the tool
/// cache.</summary>
[Collection(ActionCollection.Name)]
[Trait("Needs", "node"), Trait("Needs", "pack")]
public sealed class ActionInstallTests(PackedTool tool)
{
    private const string SetupDotnet = "'- uses: actions/setup-dotnet@v4' with 'dotnet-version: 10.0.x'";

    [Fact]
    public void Without_a_version_input_the_tool_built_from_this_commit_is_installed()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        var props = XDocument.Load(Path.Combine(tool.RepoRoot, "Directory.Build.props"));
        Assert.Equal(props.Descendants("Version").Single().Value, tool.Version);

        var run = box.Run(("source", "site"), ("destination", "out"));

        Assert.True(run.Succeeded, run.Log);
        var cached = Path.Combine(box.Runner.ToolCache, "azsync", tool.Version);
        Assert.Contains($"Installing azsync {tool.Version} into {cached}", run.Stdout);
        Assert.Equal([Path.Combine(box.Runner.ToolCache, "azsync", tool.Version)], run.PathAdded);
    }

    [Fact]
    public void A_dotnet_older_than_10_is_refused_with_the_setup_dotnet_step_to_add()
    {
        using var box = new ActionSandbox(tool);
        var bin = Directory.CreateDirectory(Path.Combine(box.Root, "old-dotnet")).FullName;
        var calls = Path.Combine(box.Root, "calls.log");
        WriteScript(Path.Combine(bin, "dotnet"), $"""
            #!/bin/bash
            echo "$*" >> '{calls}'
            if [ "$1" = --list-runtimes ]; then
              echo "Microsoft.AspNetCore.App 10.0.1 [/opt/old/shared/Microsoft.AspNetCore.App]"
              echo "Microsoft.NETCore.App 8.0.11 [/opt/old/shared/Microsoft.NETCore.App]"
              echo "Microsoft.NETCore.App 9.0.4 [/opt/old/shared/Microsoft.NETCore.App]"
              exit 0
            fi
            exit 99
            """);
        box.Runner.PathPrefix.Add(bin);

        var run = box.Run(("source", "."), ("destination", "out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("::error title=azsync action::azsync needs the .NET runtime 10.0 or newer, " +
            "but this runner's dotnet has only: 8.0.11 9.0.4", run.Stdout);
        Assert.Contains(SetupDotnet, run.Stdout);
        Assert.Equal(["--list-runtimes"], File.ReadAllLines(calls));
        Assert.Empty(run.Outputs);
        Assert.False(Directory.Exists(Path.Combine(box.Runner.ToolCache, "azsync")));
    }

    [Fact]
    public void A_runner_without_dotnet_gets_the_setup_dotnet_step_to_add()
    {
        using var box = new ActionSandbox(tool);
        // A PATH with nothing on it: the runner starts node by its full path.
        box.Runner.PathOverride = Directory.CreateDirectory(Path.Combine(box.Root, "bin")).FullName;

        var run = box.Run(("source", "."), ("destination", "out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("dotnet was not found on PATH; azsync needs the .NET 10 runtime or newer.", run.Stdout);
        Assert.Contains(SetupDotnet, run.Stdout);
    }

    [Fact]
    public void A_broken_or_other_cached_install_is_replaced()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        var cached = Directory.CreateDirectory(Path.Combine(box.Runner.ToolCache, "azsync", tool.Version)).FullName;
        WriteScript(Path.Combine(cached, "azsync"), "#!/bin/bash\necho 0.0.1\n");

        var run = box.Run(("source", "site"), ("destination", "out"));

        Assert.True(run.Succeeded, run.Log);
        Assert.Contains($"Installing azsync {tool.Version} into {cached}", run.Stdout);
        Assert.Equal("4", run.Outputs["uploaded"]);
        Assert.Equal(tool.Version, Shell.Run(Path.Combine(cached, "azsync"), ["--version"], box.Root).Output.Trim());
    }

    [Fact]
    public void A_version_not_on_the_feed_fails_naming_the_version_and_feed_and_leaves_no_folder()
    {
        using var box = new ActionSandbox(tool);

        var run = box.Run(("source", "."), ("destination", "out"), ("version", "9.9.9"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"::error title=azsync action::Installing azsync 9.9.9 failed", run.Stdout);
        Assert.Contains($"--source {tool.Feed}). Check that the version exists on {tool.Feed}.", run.Stdout);
        // Nothing half-installed is left for a later run to trip over.
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(box.Runner.ToolCache, "azsync")));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("../../etc")]
    [InlineData("1.0.0; rm -rf /")]
    public void A_malformed_version_is_refused_before_any_path_is_built(string version)
    {
        using var box = new ActionSandbox(tool);

        var run = box.Run(("source", "."), ("destination", "out"), ("version", version));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Input 'version' is '{version}'; expected a version such as 1.2.3", run.Stdout);
        Assert.False(Directory.Exists(Path.Combine(box.Runner.ToolCache, "azsync")));
    }

    [Fact]
    public void An_install_that_reports_another_version_is_refused_and_never_reaches_the_cache()
    {
        using var box = new ActionSandbox(tool);
        // A dotnet whose installs bring a tool that says it is some other version.
        var bin = Directory.CreateDirectory(Path.Combine(box.Root, "odd-dotnet")).FullName;
        WriteScript(Path.Combine(bin, "dotnet"), $"""
            #!/bin/bash
            if [ "$1" = --list-runtimes ]; then exec '{Shell.Which("dotnet")}' --list-runtimes; fi
            while [ $# -gt 0 ]; do if [ "$1" = --tool-path ]; then dir="$2"; fi; shift; done
            mkdir -p "$dir" && printf '#!/bin/bash\necho 0.0.7\n' > "$dir/azsync" && chmod +x "$dir/azsync"
            """);
        box.Runner.PathPrefix.Add(bin);

        var run = box.Run(("source", "."), ("destination", "out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("::error title=azsync action::azsync was installed but reports version '0.0.7' " +
            $"instead of {tool.Version}.", run.Stdout);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(box.Runner.ToolCache, "azsync")));
    }

    private static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text.Replace("\r\n", "\n") + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}

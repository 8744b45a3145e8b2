using System.Xml.Linq;

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>action/install.sh: the runner's dotnet, the pinned version, the tool cache.</summary>
[Collection(ActionCollection.Name)]
public sealed class ActionInstallTests(PackedTool tool)
{
    private const string SetupDotnet = "'- uses: actions/setup-dotnet@v4' with 'dotnet-version: 10.0.x'";

    [Fact]
    public void The_pinned_version_is_the_tools_version()
    {
        var pinned = File.ReadAllText(Path.Combine(tool.RepoRoot, "action", "version.txt")).Trim();
        var props = XDocument.Load(Path.Combine(tool.RepoRoot, "Directory.Build.props"));
        var version = props.Descendants("Version").Single().Value;
        Assert.Equal(version, pinned);
        Assert.Equal(version, tool.Version);
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

        var install = run.Step("install");
        Assert.Equal(1, install.ExitCode);
        Assert.Contains("::error title=azsync action::azsync needs the .NET runtime 10.0 or newer, but this runner's dotnet has only: 8.0.11 9.0.4", install.Stdout);
        Assert.Contains(SetupDotnet, install.Stdout);
        Assert.Equal(["--list-runtimes"], File.ReadAllLines(calls));
        Assert.DoesNotContain(run.Steps, s => s.Id == "run");
        Assert.False(Directory.Exists(Path.Combine(box.Runner.ToolCache, "azsync")));
    }

    [Fact]
    public void A_runner_without_dotnet_gets_the_setup_dotnet_step_to_add()
    {
        using var box = new ActionSandbox(tool);
        // A PATH with the basic utilities and no dotnet.
        var bin = Directory.CreateDirectory(Path.Combine(box.Root, "bin")).FullName;
        foreach (var name in new[] { "bash", "dirname", "tr", "grep", "cut", "head", "rm", "mkdir", "cat" })
            File.CreateSymbolicLink(Path.Combine(bin, name), Shell.Which(name));
        box.Runner.PathOverride = bin;

        var run = box.Run(("source", "."), ("destination", "out"));

        Assert.Equal(1, run.Step("install").ExitCode);
        Assert.Contains("dotnet was not found on PATH; azsync needs the .NET 10 runtime or newer.", run.Step("install").Stdout);
        Assert.Contains(SetupDotnet, run.Step("install").Stdout);
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
        Assert.Contains($"Installing azsync {tool.Version} into {cached}", run.Step("install").Stdout);
        Assert.Equal(Path.Combine(cached, "azsync"), run.Step("install").Outputs["exe"]);
        Assert.Equal("4", run.Outputs["uploaded"]);
    }

    [Fact]
    public void A_version_not_on_the_feed_fails_naming_the_version_and_feed_and_leaves_no_folder()
    {
        using var box = new ActionSandbox(tool);

        var run = box.Run(("source", "."), ("destination", "out"), ("version", "9.9.9"));

        Assert.Equal(1, run.Step("install").ExitCode);
        Assert.Contains($"::error title=azsync action::Installing azsync 9.9.9 failed", run.Step("install").Stdout);
        Assert.Contains($"Check that the version exists on {tool.Feed}.", run.Step("install").Stdout);
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

        Assert.Equal(1, run.Step("install").ExitCode);
        Assert.Contains($"Input 'version' is '{version}'; expected a version such as 1.2.3", run.Step("install").Stdout);
        Assert.False(Directory.Exists(Path.Combine(box.Runner.ToolCache, "azsync")));
    }

    [Fact]
    public void Windows_runners_are_told_how_to_run_the_tool_instead()
    {
        using var box = new ActionSandbox(tool);
        box.Runner.ExtraEnv["RUNNER_OS"] = "Windows";

        var run = box.Run(("source", "."), ("destination", "out"));

        Assert.Equal(1, run.Step("install").ExitCode);
        Assert.Contains("runs on Linux and macOS runners. On Windows, install the tool with 'dotnet tool install --global AzSync'", run.Step("install").Stdout);
    }

    private static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text.Replace("\r\n", "\n") + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}

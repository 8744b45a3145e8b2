using System.Globalization;
using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>The action's steps run as the runner runs them, against a real packed tool and a real
/// destination.</summary>
[Collection(ActionCollection.Name)]
[Trait("Needs", "node"), Trait("Needs", "pack")]
public sealed class ActionRunTests(PackedTool tool)
{
    // The run and install mechanics, against a local folder; Blob on Azurite (OIDC, SAS, connection string) is
    // ActionOnAzuriteTests. Another destination kind joins here through ActionDestination.Create.
    public static TheoryData<string> Destinations => new() { "local" };

    private static readonly string[] Site = ["about/index.html", "css/site.css", "drafts/wip.html", "index.html"];

    [Theory, MemberData(nameof(Destinations))]
    public void First_run_uploads_and_sets_outputs_a_rerun_is_unchanged_and_reuses_the_install(string kind)
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        var destination = ActionDestination.Create(kind, box.Root);
        // A dotnet in front of the real one that logs every call, to see whether the second run installs again.
        var log = Path.Combine(box.Root, "dotnet-calls.log");
        var bin = Directory.CreateDirectory(Path.Combine(box.Root, "logging-bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"),
            $"#!/bin/bash\necho \"$*\" >> '{log}'\nexec '{Shell.Which("dotnet")}' \"$@\"\n");
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), (UnixFileMode)0b111_101_101);
        box.Runner.PathPrefix.Add(bin);

        var first = box.Run(("source", "site"), ("destination", destination.Value));

        Assert.True(first.Succeeded, first.Log);
        Assert.Equal("true", first.Outputs["changed"]);
        Assert.Equal("4", first.Outputs["uploaded"]);
        Assert.Equal("0", first.Outputs["deleted"]);
        Assert.Equal("0", first.Outputs["unchanged"]);
        Assert.True(long.Parse(first.Outputs["bytes"], CultureInfo.InvariantCulture) > 0);
        using (var report = ActionSandbox.ReadReport(first))
            Assert.Equal(4, report.RootElement.GetProperty("totals").GetProperty("uploaded").GetInt32());
        Assert.Equal(Site, destination.Files());
        Assert.Contains("### azsync sync to", first.Summary);
        Assert.Contains("| uploaded | 4 (4 new, 0 changed) |", first.Summary);
        Assert.Contains("`about/index.html`", first.Summary);
        Assert.Single(File.ReadAllLines(log), l => l.StartsWith("tool install AzSync", StringComparison.Ordinal));

        var second = box.Run(("source", "site"), ("destination", destination.Value));

        Assert.True(second.Succeeded, second.Log);
        Assert.Equal("false", second.Outputs["changed"]);
        Assert.Equal("0", second.Outputs["uploaded"]);
        Assert.Equal("4", second.Outputs["unchanged"]);
        Assert.Contains($"azsync {tool.Version} found in the tool cache", second.Stdout);
        Assert.Single(File.ReadAllLines(log), l => l.StartsWith("tool install", StringComparison.Ordinal));
        Assert.NotEqual(first.Outputs["report"], second.Outputs["report"]);
    }

    [Theory, MemberData(nameof(Destinations))]
    public void Dry_run_puts_the_plan_in_the_summary_and_changes_nothing(string kind)
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        var destination = ActionDestination.Create(kind, box.Root);

        var run = box.Run(("source", "site"), ("destination", destination.Value), ("dry-run", "true"));

        Assert.True(run.Succeeded, run.Log);
        Assert.Empty(destination.Files());
        Assert.Equal("true", run.Outputs["changed"]);
        Assert.Equal("4", run.Outputs["uploaded"]);
        Assert.Contains("### azsync plan for", run.Summary);
        Assert.Contains("| to upload (new) | 4 |", run.Summary);
        using var report = ActionSandbox.ReadReport(run);
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
    }

    [Theory, MemberData(nameof(Destinations))]
    public void Include_and_exclude_lines_and_delete_become_flags(string kind)
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        var destination = ActionDestination.Create(kind, box.Root);
        destination.Put("old.html", "gone from the site");

        var run = box.Run(("source", "site"), ("destination", destination.Value),
            ("include", "**/*.html\n\n  css/**  \n"), ("exclude", "drafts/**"),
            ("delete", "true"), ("max-delete", "1"));

        Assert.True(run.Succeeded, run.Log);
        Assert.Equal(["about/index.html", "css/site.css", "index.html"], destination.Files());
        Assert.Equal("3", run.Outputs["uploaded"]);
        Assert.Equal("1", run.Outputs["deleted"]);
    }

    [Theory, MemberData(nameof(Destinations))]
    public void Max_delete_stops_the_run_before_anything_changes(string kind)
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        var destination = ActionDestination.Create(kind, box.Root);
        destination.Put("old-1.html", "x");
        destination.Put("old-2.html", "x");

        var run = box.Run(
            ("source", "site"), ("destination", destination.Value), ("delete", "true"), ("max-delete", "1"));

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(["old-1.html", "old-2.html"], destination.Files());
        Assert.Equal("false", run.Outputs["changed"]);
        Assert.Contains("max-delete", run.Summary, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Args_are_split_like_a_shell_but_never_evaluated()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        var reportPath = Path.Combine(box.Root, "my reports", "run.json");
        Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);

        var run = box.Run(
            ("source", "site"), ("destination", "out"), ("args", $"--report \"{reportPath}\" --parallel 2"));

        Assert.True(run.Succeeded, run.Log);
        Assert.Equal(reportPath, run.Outputs["report"]);
        Assert.True(File.Exists(reportPath));

        var injected = box.Run(
            ("source", "site"), ("destination", "out"), ("args", "--verbose $(touch pwned) `touch pwned2`"));
        Assert.NotEqual(0, injected.ExitCode);
        Assert.False(File.Exists(Path.Combine(box.Workspace, "pwned")));
        Assert.False(File.Exists(Path.Combine(box.Workspace, "pwned2")));

        var unbalanced = box.Run(("source", "site"), ("destination", "out"), ("args", "--report 'no end"));
        Assert.Equal(1, unbalanced.ExitCode);
        Assert.Contains("::error title=azsync action::Input 'args' could not be split into flags: " +
            "a single quote is not closed.", unbalanced.Stdout);
    }

    [Fact]
    public void Working_directory_is_where_relative_paths_start()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite("web/site");

        var run = box.Run(("working-directory", "web"), ("source", "site"), ("destination", "out"));

        Assert.True(run.Succeeded, run.Log);
        Assert.True(File.Exists(Path.Combine(box.Workspace, "web", "out", "about", "index.html")));
    }

    [Theory]
    [InlineData("delete", "sometimes", "Input 'delete' is 'sometimes'; expected true or false.")]
    [InlineData("dry-run", "maybe", "Input 'dry-run' is 'maybe'; expected true or false.")]
    public void A_bad_boolean_input_is_named_in_the_error(string input, string value, string message)
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();

        var run = box.Run(("source", "site"), ("destination", "out"), (input, value));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"::error title=azsync action::{message}", run.Stdout);
        Assert.False(Directory.Exists(Path.Combine(box.Workspace, "out")));
    }

    [Fact]
    public void Delete_false_keeps_files_a_manifest_would_delete_and_an_empty_delete_lets_the_manifest_decide()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        box.Write(
            "azsync.yaml", "version: 1\ndestination: out\ndelete: true\nmaxDelete: 1\nmappings:\n  - source: site\n");
        box.Write("out/old.html", "gone from the site");

        var kept = box.Run(("manifest", "azsync.yaml"), ("delete", "false"));

        Assert.True(kept.Succeeded, kept.Log);
        Assert.Equal("0", kept.Outputs["deleted"]);
        Assert.True(File.Exists(Path.Combine(box.Workspace, "out", "old.html")));

        var manifestDecides = box.Run(("manifest", "azsync.yaml"));

        Assert.True(manifestDecides.Succeeded, manifestDecides.Log);
        Assert.Equal("1", manifestDecides.Outputs["deleted"]);
        Assert.False(File.Exists(Path.Combine(box.Workspace, "out", "old.html")));
    }

    [Fact]
    public void Shard_inputs_split_the_upload_between_jobs_and_together_send_each_file_once()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();

        var one = box.Run(("source", "site"), ("destination", "out"), ("shard", "1/2"));
        var two = box.Run(("source", "site"), ("destination", "out"), ("shard", "2/2"));

        Assert.True(one.Succeeded, one.Log);
        Assert.True(two.Succeeded, two.Log);
        Assert.Equal(4, int.Parse(one.Outputs["uploaded"], CultureInfo.InvariantCulture)
            + int.Parse(two.Outputs["uploaded"], CultureInfo.InvariantCulture));
        Assert.Equal(Site, new LocalFolderDestination(Path.Combine(box.Workspace, "out")).Files());

        var sharded = box.Run(("source", "site"), ("destination", "out"), ("shard", "1/2"), ("delete", "true"));
        Assert.Equal(5, sharded.ExitCode);
        Assert.Contains("--shard 1/2 with --delete", sharded.Stderr);
    }

    [Fact]
    public void A_destination_input_overrides_the_manifests_destination()
    {
        using var box = new ActionSandbox(tool);
        box.WriteSite();
        box.Write("azsync.yaml", "version: 1\ndestination: out\nmappings:\n  - source: site\n");

        var run = box.Run(("manifest", "azsync.yaml"), ("destination", "elsewhere"));

        Assert.True(run.Succeeded, run.Log);
        Assert.True(File.Exists(Path.Combine(box.Workspace, "elsewhere", "index.html")));
        Assert.False(Directory.Exists(Path.Combine(box.Workspace, "out")));
    }
}

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests;

/// <summary>First sync, re-syncs, and what decides whether a file is uploaded: its content, never its mtime.</summary>
public sealed class BasicSyncTests : IDisposable
{
    private readonly E2eTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private void WriteTree()
    {
        _dir.WriteSource("index.html", "<h1>hello</h1>");
        _dir.WriteSource("css/site.css", "body { color: red }");
        _dir.WriteSource("a/b/c/deep.txt", "deep");
        _dir.WriteSource("empty.txt", "");
        _dir.WriteSource("bin/data.bin", Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray());
    }

    private static readonly string[] TreeFiles = ["a/b/c/deep.txt", "bin/data.bin", "css/site.css", "empty.txt",
        "index.html"];

    [Fact]
    public async Task First_sync_to_an_empty_folder_copies_every_file_byte_for_byte()
    {
        WriteTree();

        var result = (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);

        Assert.Equal(TreeFiles, _dir.DestinationFiles());
        foreach (var file in TreeFiles)
            Assert.Equal(File.ReadAllBytes(_dir.Src(file)), File.ReadAllBytes(_dir.Dst(file)));
        Assert.Contains("5 uploaded (5 new, 0 changed)", result.StdOut);
    }

    [Fact]
    public async Task Re_sync_with_nothing_to_do_uploads_nothing_and_reports_it_as_json()
    {
        WriteTree();
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        var reportFile = Path.Combine(_dir.Root, "report.json");

        var result = (await Run.AzSync(
            "sync", _dir.Source, _dir.Destination, "--output", "json", "--report", reportFile)).ShouldExit(0);

        foreach (var report in new[] { Report.Parse(result.StdOut), Report.Load(reportFile) })
        {
            Assert.Equal(0, report.Total("uploaded"));
            Assert.Equal(5, report.Total("unchanged"));
            Assert.Equal(0, report.Total("bytesSent"));
            Assert.False(report.DryRun);
            Assert.Equal(0, report.ExitCode);
            Assert.Equal(TreeFiles, report.PathsWith("unchanged"));
        }
    }

    [Fact]
    public async Task Touching_every_mtime_uploads_nothing_because_content_decides()
    {
        WriteTree();
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);
        var later = DateTime.UtcNow.AddHours(1);
        foreach (var file in TreeFiles) File.SetLastWriteTimeUtc(_dir.Src(file), later);

        var afterSourceTouch = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, _dir.Destination, "-o", "json")).ShouldExit(0).StdOut);

        Assert.Equal(0, afterSourceTouch.Total("uploaded"));
        Assert.Equal(5, afterSourceTouch.Total("unchanged"));

        // Touching the destination invalidates the tool's cached hashes; it must re-hash, not re-upload.
        foreach (var file in TreeFiles) File.SetLastWriteTimeUtc(_dir.Dst(file), later.AddHours(1));
        var afterDestinationTouch = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, _dir.Destination, "-o", "json")).ShouldExit(0).StdOut);

        Assert.Equal(0, afterDestinationTouch.Total("uploaded"));
        Assert.Equal(5, afterDestinationTouch.Total("unchanged"));
    }

    [Fact]
    public async Task A_changed_file_is_the_only_one_uploaded_and_the_reason_says_why()
    {
        WriteTree();
        (await Run.AzSync("sync", _dir.Source, _dir.Destination)).ShouldExit(0);

        // Same size, different bytes: only the content hash can tell.
        _dir.WriteSource("a/b/c/deep.txt", "DEEP");
        var sameSize = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, _dir.Destination, "-o", "json")).ShouldExit(0).StdOut);

        Assert.Equal(1, sameSize.Total("uploaded"));
        var changed = Assert.Single(sameSize.Files, f => f.Status == "uploaded");
        Assert.Equal("a/b/c/deep.txt", changed.Path);
        Assert.Equal("upload-changed", changed.Action);
        Assert.Contains("content", changed.Reason);
        Assert.Equal("DEEP", _dir.ReadDestination("a/b/c/deep.txt"));

        _dir.WriteSource("css/site.css", "body { color: blue; margin: 0 }");
        var otherSize = Report.Parse(
            (await Run.AzSync("sync", _dir.Source, _dir.Destination, "-o", "json")).ShouldExit(0).StdOut);

        var resized = Assert.Single(otherSize.Files, f => f.Status == "uploaded");
        Assert.Equal("css/site.css", resized.Path);
        Assert.Contains("size", resized.Reason);
        Assert.Equal(4, otherSize.Total("unchanged"));
        Assert.Equal("body { color: blue; margin: 0 }", _dir.ReadDestination("css/site.css"));
    }
}

public sealed class GitHubOutputTests
{
    [Fact]
    public async Task Under_github_actions_the_plan_is_a_log_group_and_the_outputs_and_summary_are_written()
    {
        using var dir = new AzSync.EndToEnd.Tests.Support.E2eTempDir();
        dir.WriteSource("new.txt", "n");
        var outputs = Path.Combine(dir.Root, "github_output");
        var summary = Path.Combine(dir.Root, "step_summary");
        File.WriteAllText(outputs, "");
        File.WriteAllText(summary, "");
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = outputs,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["RUNNER_TEMP"] = dir.Root,
        };
        var result = await AzSync.Testing.AzSyncProcess.Default.RunAsync(
            ["sync", dir.Source, dir.Destination], environment: environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        var group = result.StdOut.IndexOf("::group::azsync plan: 1 to upload, 0 to delete", StringComparison.Ordinal);
        var path = result.StdOut.IndexOf("new.txt", StringComparison.Ordinal);
        var end = result.StdOut.IndexOf("::endgroup::", StringComparison.Ordinal);
        Assert.True(group >= 0 && group < path && path < end, result.StdOut);
        Assert.Contains("changed=true", File.ReadAllText(outputs));
        Assert.Contains("uploaded=1", File.ReadAllText(outputs));
        Assert.Contains("| `new.txt` | upload new |", File.ReadAllText(summary));
    }
}

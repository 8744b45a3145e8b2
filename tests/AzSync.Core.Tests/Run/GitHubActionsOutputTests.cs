using System.Text.Json;

namespace AzSync.Core.Tests.Run;

/// <summary>A run under GitHub Actions, in-process: what the runner's files, the log and the annotations get.</summary>
public sealed class GitHubActionsOutputTests : IDisposable
{
    private readonly RunHarness _run = new();
    private readonly string _outputs, _summary, _temp;

    public GitHubActionsOutputTests()
    {
        _outputs = Path.Combine(_run.Root, "github_output");
        _summary = Path.Combine(_run.Root, "step_summary.md");
        _temp = Directory.CreateDirectory(Path.Combine(_run.Root, "runner_temp")).FullName;
        _run.Environment["GITHUB_ACTIONS"] = "true";
        _run.Environment["GITHUB_OUTPUT"] = _outputs;
        _run.Environment["GITHUB_STEP_SUMMARY"] = _summary;
        _run.Environment["RUNNER_TEMP"] = _temp;
    }

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task A_sync_writes_step_outputs_a_job_summary_and_a_report_and_folds_the_plan_into_a_group()
    {
        _run.WriteSource("a.txt", "aa");
        _run.WriteSource("b.txt", "b");

        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags()));

        var report = Assert.Single(Directory.GetFiles(_temp, "azsync-report-*.json"));
        Assert.Equal(["changed=true", "uploaded=2", "deleted=0", "unchanged=0", "bytes=3", $"report={report}"],
            File.ReadAllLines(_outputs));
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(2, json.RootElement.GetProperty("totals").GetProperty("uploaded").GetInt32());
        var summary = File.ReadAllText(_summary);
        Assert.StartsWith($"### azsync sync to `{_run.Destination}`", summary);
        Assert.Contains("| uploaded | 2 (2 new, 0 changed) |", summary);
        Assert.Contains("| `a.txt` | upload new | missing at destination | uploaded |", summary);
        var log = _run.Out.ToString().Split(Environment.NewLine);
        Assert.Equal("::group::azsync plan: 2 to upload, 0 to delete", log[0]);
        Assert.Equal("::endgroup::", log[3]);
    }

    [Fact]
    public async Task A_second_run_appends_its_outputs_and_says_nothing_changed()
    {
        _run.WriteSource("a.txt", "a");
        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags()));

        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags()));

        var lines = File.ReadAllLines(_outputs);
        Assert.Equal(12, lines.Length);
        Assert.Equal(["changed=false", "uploaded=0", "deleted=0", "unchanged=1"], lines[6..10]);
        Assert.DoesNotContain("::group::", _run.Out.ToString()); // nothing to fold without changes or -v
    }

    [Fact]
    public async Task A_failed_file_becomes_an_error_annotation_with_its_name_escaped()
    {
        _run.WriteSource("good.txt", "g");
        var broken = Path.Combine(_run.Source, "odd,name:50%.txt");
        File.CreateSymbolicLink(broken, Path.Combine(_run.Root, "nowhere"));

        Assert.Equal(ExitCodes.Failed, await _run.RunAsync(_run.Flags() with { FollowSymlinks = true }));

        var title = broken.Replace("%", "%25").Replace(":", "%3A").Replace(",", "%2C");
        Assert.Contains($"::error title=azsync%3A {title}::the symbolic link is broken{Environment.NewLine}",
            _run.Out.ToString());
        Assert.Contains("changed=true", File.ReadAllLines(_outputs));
        Assert.Contains("| failed | 1 |", File.ReadAllText(_summary));
    }

    [Fact]
    public async Task A_plan_reports_what_would_change_and_a_runner_file_that_cannot_be_written_is_named()
    {
        _run.WriteSource("a.txt", "abc");
        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags(Core.Run.RunMode.Plan)));
        Assert.Equal(["changed=true", "uploaded=1", "deleted=0", "unchanged=0", "bytes=3"],
            File.ReadAllLines(_outputs)[..5]);
        Assert.StartsWith($"### azsync plan for `{_run.Destination}`", File.ReadAllText(_summary));

        _run.Environment["GITHUB_OUTPUT"] = Path.Combine(_run.Root, "missing-folder", "out");
        var e = await Assert.ThrowsAsync<UserFacingException>(() =>
            _run.RunAsync(_run.Flags(Core.Run.RunMode.Plan)));
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
        Assert.Contains("(from GITHUB_OUTPUT)", e.Message);
    }
}

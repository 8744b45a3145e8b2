using System.Text.Json;
using AzSync.Core.Run;
using Microsoft.Extensions.Time.Testing;

namespace AzSync.Core.Tests.Run;

/// <summary>A sync or plan run in-process, against a real folder: the exit codes the README documents, what the
/// run leaves at the destination, and the report it writes.</summary>
public sealed class SyncRunTests : IDisposable
{
    private readonly RunHarness _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task A_first_sync_uploads_every_file_and_exits_0_and_a_second_sends_nothing()
    {
        _run.WriteSource("index.html", "<h1>hi</h1>");
        _run.WriteSource("css/site.css", "body{}");

        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags()));
        Assert.Equal("body{}", File.ReadAllText(Path.Combine(_run.Destination, "css", "site.css")));
        Assert.StartsWith($"Synced to {_run.Destination}: 2 uploaded (2 new, 0 changed), 0 unchanged, 0 deleted, " +
                          "0 failed;", _run.Out.ToString());

        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags()));
        Assert.StartsWith($"Synced to {_run.Destination}: 0 uploaded (0 new, 0 changed), 2 unchanged,",
            _run.Out.ToString());
        Assert.Equal("", _run.Error.ToString());
    }

    [Fact]
    public async Task Plan_with_detailed_exitcode_exits_2_with_changes_and_0_without_and_changes_nothing()
    {
        _run.WriteSource("a.txt", "a");
        var plan = _run.Flags(RunMode.Plan) with { DetailedExitCode = true };

        Assert.Equal(ExitCodes.Changes, await _run.RunAsync(plan));
        Assert.Contains("+ upload new      a.txt", _run.Out.ToString());
        Assert.False(Directory.Exists(_run.Destination), "a plan must not create the destination");
        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(plan with { DetailedExitCode = false }));

        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags()));
        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(plan));
        Assert.Contains("Plan: 0 new, 0 changed, 1 unchanged, 0 to delete, 0 errors;", _run.Out.ToString());
    }

    [Fact]
    public async Task The_delete_guard_stops_a_sync_with_exit_4_before_anything_changes_and_reports_why()
    {
        _run.WriteSource("keep.txt", "new");
        foreach (var name in new[] { "keep.txt", "old1.txt", "old2.txt" }) _run.WriteDestination(name, "old");
        var report = Path.Combine(_run.Root, "report.json");

        var stop = await Assert.ThrowsAsync<UserFacingException>(() =>
            _run.RunAsync(_run.Flags() with { Delete = true, Report = report }));

        Assert.Equal(ExitCodes.SafetyStop, stop.ExitCode);
        Assert.Contains("deletes 2 of 3 files under the targets", stop.Message);
        Assert.Equal(3, Directory.GetFiles(_run.Destination).Length);
        Assert.Equal("old", File.ReadAllText(Path.Combine(_run.Destination, "keep.txt")));
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(ExitCodes.SafetyStop, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(stop.Message, json.RootElement.GetProperty("error").GetString());

        // --max-delete lets the same run through.
        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags() with { Delete = true, MaxDelete = "2" }));
        Assert.Equal("new", File.ReadAllText(Path.Combine(_run.Destination, "keep.txt")));
        Assert.False(File.Exists(Path.Combine(_run.Destination, "old1.txt")));
        Assert.False(File.Exists(Path.Combine(_run.Destination, "old2.txt")));
    }

    [Fact]
    public async Task A_file_that_fails_makes_the_sync_exit_1_while_the_others_arrive()
    {
        _run.WriteSource("good.txt", "g");
        File.CreateSymbolicLink(Path.Combine(_run.Source, "broken.txt"), Path.Combine(_run.Root, "nowhere"));

        var exit = await _run.RunAsync(_run.Flags() with { FollowSymlinks = true });

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("g", File.ReadAllText(Path.Combine(_run.Destination, "good.txt")));
        Assert.Contains($"failed: {Path.Combine(_run.Source, "broken.txt")}: the symbolic link is broken",
            _run.Error.ToString());
        Assert.Contains("1 uploaded (1 new, 0 changed), 0 unchanged, 0 deleted, 1 failed;", _run.Out.ToString());
    }

    [Fact]
    public async Task Json_output_is_the_report_alone_on_stdout_and_the_same_as_the_report_file()
    {
        _run.WriteSource("a.txt", "aaa");
        _run.WriteSource("b.txt", "b");
        var report = Path.Combine(_run.Root, "report.json");

        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags() with { Output = "json", Report = report }));

        var stdout = _run.Out.ToString();
        Assert.Equal(File.ReadAllText(report), stdout);
        using var json = JsonDocument.Parse(stdout);
        var totals = json.RootElement.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("uploaded").GetInt32());
        Assert.Equal(4, totals.GetProperty("bytesSent").GetInt64());
        Assert.Equal("sync", json.RootElement.GetProperty("command").GetString());
        Assert.Equal(["a.txt", "b.txt"], json.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => f.GetProperty("path").GetString()));
        Assert.DoesNotContain("Synced to", _run.Error.ToString());
    }

    [Fact]
    public async Task The_report_times_the_run_by_the_clock_it_is_given()
    {
        _run.WriteSource("a.txt", "a");
        var clock = new FakeTimeProvider();
        var started = clock.GetUtcNow();

        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags() with { Output = "json" }, clock));

        using var json = JsonDocument.Parse(_run.Out.ToString());
        Assert.Equal(started, json.RootElement.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(0, json.RootElement.GetProperty("durationSeconds").GetDouble());
    }

    [Fact]
    public async Task A_destination_inside_the_source_is_a_usage_error_before_anything_is_written()
    {
        _run.WriteSource("a.txt", "a");
        var inside = Path.Combine(_run.Source, "out");

        var e = await Assert.ThrowsAsync<UserFacingException>(() =>
            _run.RunAsync(_run.Flags() with { Destination = inside }));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("inside it", e.Message);
        Assert.False(Directory.Exists(inside));
    }
}

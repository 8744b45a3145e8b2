using AzSync.Core.Reporting.Outputs;
using Microsoft.Extensions.Time.Testing;

namespace AzSync.Core.Tests.Run;

/// <summary>A run under Azure Pipelines, in-process: the ##vso commands it writes and the summary file.</summary>
public sealed class AzurePipelinesOutputTests : IDisposable
{
    private readonly RunHarness _run = new();
    private readonly string _agentTemp;

    public AzurePipelinesOutputTests()
    {
        _agentTemp = Directory.CreateDirectory(Path.Combine(_run.Root, "agent_temp")).FullName;
        _run.Environment["TF_BUILD"] = "True";
        _run.Environment["AGENT_TEMPDIRECTORY"] = _agentTemp;
    }

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task A_sync_sets_each_variable_for_the_job_and_as_an_output_and_uploads_a_summary()
    {
        _run.WriteSource("a.txt", "aa");
        _run.WriteSource("b.txt", "b");

        Assert.Equal(ExitCodes.Ok, await _run.RunAsync(_run.Flags()));

        var log = _run.Out.ToString().Split(Environment.NewLine);
        var report = Assert.Single(Directory.GetFiles(_agentTemp, "azsync-report-*.json"));
        var summary = Assert.Single(Directory.GetFiles(_agentTemp, "azsync-summary-*.md"));
        Assert.Contains($"##vso[task.uploadsummary]{summary}", log);
        Assert.StartsWith($"### azsync sync to `{_run.Destination}`", File.ReadAllText(summary));
        foreach (var (name, value) in new[]
                 {
                     ("AzSyncChanged", "true"), ("AzSyncUploaded", "2"), ("AzSyncDeleted", "0"),
                     ("AzSyncUnchanged", "0"), ("AzSyncBytes", "3"), ("AzSyncReport", report),
                 })
        {
            Assert.Contains($"##vso[task.setvariable variable={name}]{value}", log);
            Assert.Contains($"##vso[task.setvariable variable={name};isOutput=true]{value}", log);
        }
    }

    [Fact]
    public async Task A_failed_file_is_logged_as_an_issue_with_the_data_escaped()
    {
        _run.WriteSource("good.txt", "g");
        var broken = Path.Combine(_run.Source, "50%;done].txt");
        File.CreateSymbolicLink(broken, Path.Combine(_run.Root, "nowhere"));

        Assert.Equal(ExitCodes.Failed, await _run.RunAsync(_run.Flags() with { FollowSymlinks = true }));

        var data = $"{broken}: the symbolic link is broken".Replace("%", "%AZP25");
        Assert.Contains($"##vso[task.logissue type=error;]{data}{Environment.NewLine}", _run.Out.ToString());
        Assert.Contains("##vso[task.setvariable variable=AzSyncUploaded]1", _run.Out.ToString());
    }

    [Fact]
    public void Progress_reaches_the_agent_with_each_log_line_once_per_percentage()
    {
        var stdout = new StringWriter();
        var log = new StringWriter();
        var output = new AzurePipelinesOutput(_ => null, stdout);
        var clock = new FakeTimeProvider();
        using (var progress = new ProgressReporter(log, Verbosity.Normal, interactive: false, output.Progress,
                   TimeSpan.FromSeconds(5), clock))
        {
            progress.Started(totalBytes: 4096, totalFiles: 2);
            progress.BytesSent(1024);
            clock.Advance(TimeSpan.FromSeconds(5));
            clock.Advance(TimeSpan.FromSeconds(5));
            progress.BytesSent(3072);
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(
            "##vso[task.setprogress value=25;]azsync" + Environment.NewLine +
            "##vso[task.setprogress value=100;]azsync" + Environment.NewLine, stdout.ToString());
        Assert.Equal(
            "0/2 files, 1.0 KiB of 4.0 KiB sent, 00:05" + Environment.NewLine +
            "0/2 files, 1.0 KiB of 4.0 KiB sent, 00:10" + Environment.NewLine +
            "0/2 files, 4.0 KiB of 4.0 KiB sent, 00:15" + Environment.NewLine, log.ToString());
    }
}
